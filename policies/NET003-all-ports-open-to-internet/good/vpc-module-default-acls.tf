# What terraform-aws-modules/vpc writes by default: the default network ACL
# and the public subnets' ACL allow every protocol from 0.0.0.0/0 and ::/0
# (AWS's own default), built from variables through a dynamic block and
# count-indexed rule resources. And a hardened web-tier ACL: 80 and 443
# from the internet, and the ephemeral ranges for return traffic. None of
# them is an exposure: the security groups decide what reaches the hosts.
variable "default_network_acl_ingress" {
  type = list(map(string))
  default = [
    { rule_no = 100, action = "allow", from_port = 0, to_port = 0, protocol = "-1", cidr_block = "0.0.0.0/0" },
    { rule_no = 101, action = "allow", from_port = 0, to_port = 0, protocol = "-1", ipv6_cidr_block = "::/0" },
  ]
}

variable "public_inbound_acl_rules" {
  type = list(map(string))
  default = [
    { rule_number = 100, rule_action = "allow", from_port = 0, to_port = 0, protocol = "-1", cidr_block = "0.0.0.0/0" },
  ]
}

resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_network_acl" "this" {
  default_network_acl_id = aws_vpc.this.default_network_acl_id

  dynamic "ingress" {
    for_each = var.default_network_acl_ingress
    content {
      action          = ingress.value.action
      cidr_block      = lookup(ingress.value, "cidr_block", null)
      from_port       = ingress.value.from_port
      icmp_code       = lookup(ingress.value, "icmp_code", null)
      icmp_type       = lookup(ingress.value, "icmp_type", null)
      ipv6_cidr_block = lookup(ingress.value, "ipv6_cidr_block", null)
      protocol        = ingress.value.protocol
      rule_no         = ingress.value.rule_no
      to_port         = ingress.value.to_port
    }
  }
}

resource "aws_network_acl" "public" {
  count  = 1
  vpc_id = aws_vpc.this.id
}

resource "aws_network_acl_rule" "public_inbound" {
  count          = length(var.public_inbound_acl_rules)
  network_acl_id = aws_network_acl.public[0].id
  egress         = false
  rule_number    = var.public_inbound_acl_rules[count.index]["rule_number"]
  rule_action    = var.public_inbound_acl_rules[count.index]["rule_action"]
  from_port      = lookup(var.public_inbound_acl_rules[count.index], "from_port", null)
  to_port        = lookup(var.public_inbound_acl_rules[count.index], "to_port", null)
  protocol       = var.public_inbound_acl_rules[count.index]["protocol"]
  cidr_block     = lookup(var.public_inbound_acl_rules[count.index], "cidr_block", null)
}

resource "aws_network_acl" "web" {
  vpc_id = aws_vpc.this.id

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
    from_port  = 80
    to_port    = 80
    cidr_block = "0.0.0.0/0"
  }

  ingress {
    rule_no    = 120
    action     = "allow"
    protocol   = "tcp"
    from_port  = 32768
    to_port    = 65535
    cidr_block = "0.0.0.0/0"
  }

  ingress {
    rule_no    = 130
    action     = "allow"
    protocol   = "udp"
    from_port  = 1024
    to_port    = 65535
    cidr_block = "0.0.0.0/0"
  }
}
