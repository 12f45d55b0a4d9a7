# Network ACLs that keep admin ports off the internet: a lower-numbered
# deny shadows the broad allow for SSH and RDP, admin ports are allowed
# only from the VPN's range, and the ephemeral range is return traffic.
resource "aws_network_acl" "app" {
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    rule_no    = 50
    action     = "deny"
    protocol   = "tcp"
    from_port  = 0
    to_port    = 1023
    cidr_block = "0.0.0.0/0"
  }

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 22
    to_port    = 22
    cidr_block = "0.0.0.0/0"
  }

  ingress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    from_port  = 3389
    to_port    = 3389
    cidr_block = "10.8.0.0/16"
  }

  ingress {
    rule_no    = 120
    action     = "allow"
    protocol   = "tcp"
    from_port  = 32768
    to_port    = 65535
    cidr_block = "0.0.0.0/0"
  }

  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }
}

# Egress rule resources and deny rules are never reported.
resource "aws_network_acl_rule" "ssh_out" {
  network_acl_id = aws_network_acl.app.id
  rule_number    = 200
  egress         = true
  protocol       = "tcp"
  rule_action    = "allow"
  from_port      = 22
  to_port        = 22
  cidr_block     = "0.0.0.0/0"
}

resource "aws_network_acl_rule" "rdp_in_denied" {
  network_acl_id = aws_network_acl.app.id
  rule_number    = 210
  protocol       = "tcp"
  rule_action    = "deny"
  from_port      = 3389
  to_port        = 3389
  cidr_block     = "0.0.0.0/0"
}
