# A standalone aws_network_acl_rule: `egress` is not set, and the
# provider's default is false, so this is an ingress rule.
resource "aws_network_acl" "bastion" {
  vpc_id = "vpc-0a1b2c3d"
}

resource "aws_network_acl_rule" "ssh" {
  network_acl_id = aws_network_acl.bastion.id
  rule_number    = 100
  protocol       = "tcp"
  rule_action    = "allow"
  from_port      = 22
  to_port        = 22
  cidr_block     = "0.0.0.0/0" # expect: NET001
}

# A deny with a higher number comes too late to stop the allow above.
resource "aws_network_acl_rule" "late_deny" {
  network_acl_id = aws_network_acl.bastion.id
  rule_number    = 200
  protocol       = "tcp"
  rule_action    = "deny"
  from_port      = 22
  to_port        = 22
  cidr_block     = "0.0.0.0/0"
}
