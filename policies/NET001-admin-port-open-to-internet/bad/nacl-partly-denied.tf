# A lower-numbered deny takes RDP off the range the allow opens, but SSH
# stays open: the ACL allows 22 from the internet (NET001, medium). The
# other ports of the range are left to the security groups: a network ACL
# is never NET002.
resource "aws_default_network_acl" "default" {
  default_network_acl_id = "acl-0a1b2c3d"

  ingress {
    rule_no    = 90
    action     = "deny"
    protocol   = "tcp"
    from_port  = 3389
    to_port    = 3389
    cidr_block = "0.0.0.0/0"
  }

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 22
    to_port    = 3389
    cidr_block = "0.0.0.0/0" # expect: NET001
  }
}
