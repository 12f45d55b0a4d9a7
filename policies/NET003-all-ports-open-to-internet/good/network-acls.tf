# Network ACLs that do not open every port to the internet: an allow-all
# shadowed by a lower-numbered deny-all, an allow-all from the VPC's own
# range, an egress rule, and ICMP.
resource "aws_network_acl" "private" {
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    rule_no    = 10
    action     = "deny"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
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

  ingress {
    rule_no    = 5
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "10.0.0.0/16"
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

resource "aws_network_acl_rule" "ping" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 200
  protocol       = "icmp"
  rule_action    = "allow"
  icmp_type      = 8
  icmp_code      = -1
  cidr_block     = "0.0.0.0/0"
}

resource "aws_network_acl_rule" "all_out" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 100
  egress         = true
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
}
