# The ACL's rules come from a variable; terraform.tfvars opens SSH to the
# world. The finding sits on the attribute that uses the value.
resource "aws_network_acl" "ops" {
  vpc_id = var.vpc_id

  dynamic "ingress" {
    for_each = var.ingress_rules
    content {
      rule_no    = ingress.value.rule_no
      action     = "allow"
      protocol   = "tcp"
      from_port  = ingress.value.port
      to_port    = ingress.value.port
      cidr_block = ingress.value.cidr # expect: NET001
    }
  }
}
