# Network ACL entries that let every protocol in from the internet: the
# state of AWS's default network ACL. A network ACL is defense in depth and
# the security groups are the gate, so an allow-all entry is not reported
# (nor is what is left of one after a lower deny). AWS ignores from_port and
# to_port when the protocol is "all" or -1.
resource "aws_network_acl" "public" {
  vpc_id = "vpc-0a1b2c3d"
}

resource "aws_network_acl_rule" "all_in" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 100
  protocol       = "all"
  rule_action    = "allow"
  from_port      = 22
  to_port        = 22
  cidr_block     = "0.0.0.0/0"
}

resource "aws_default_network_acl" "default" {
  default_network_acl_id = "acl-0a1b2c3d"

  ingress {
    rule_no         = 101
    action          = "allow"
    protocol        = "-1"
    from_port       = 0
    to_port         = 0
    ipv6_cidr_block = "::/0"
  }

  # A lower deny of SSH leaves every other port open.
  ingress {
    rule_no    = 50
    action     = "deny"
    protocol   = "tcp"
    from_port  = 22
    to_port    = 22
    cidr_block = "0.0.0.0/0"
  }

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }
}

# TCP over the whole port range is every port too.
resource "aws_network_acl_rule" "all_tcp_in" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 110
  protocol       = "tcp"
  rule_action    = "allow"
  from_port      = 0
  to_port        = 65535
  cidr_block     = "0.0.0.0/0"
}
