# A network ACL that lets SSH in from anywhere. A stateless ACL is the
# subnet's first filter; CIS AWS 5.1 asks that it keep admin ports closed to
# 0.0.0.0/0 and ::/0. The security groups behind it still filter, so a
# network ACL's finding is medium.
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_network_acl" "public" {
  vpc_id = aws_vpc.main.id

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 443
    to_port    = 443
    cidr_block = "0.0.0.0/0"
  }

  ingress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    from_port  = 22
    to_port    = 22
    cidr_block = "0.0.0.0/0" # expect: NET001
  }

  ingress {
    rule_no         = 111
    action          = "allow"
    protocol        = "6"
    from_port       = 3389
    to_port         = 3389
    ipv6_cidr_block = "::/0" # expect: NET001
  }

  # Return traffic for the subnet's own connections: not an exposure.
  ingress {
    rule_no    = 120
    action     = "allow"
    protocol   = "tcp"
    from_port  = 1024
    to_port    = 65535
    cidr_block = "0.0.0.0/0"
  }
}
