# Rules multiplied by for_each and count. Each source location is reported
# once per code, however many instances share it.
locals {
  exposed = {
    ssh = 22
    api = 8000
  }
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"
}

resource "aws_vpc_security_group_ingress_rule" "exposed" {
  for_each          = local.exposed
  security_group_id = aws_security_group.app.id
  description       = each.key
  ip_protocol       = "tcp"
  from_port         = each.value
  to_port           = each.value
  cidr_ipv4         = "0.0.0.0/0" # expect: NET001, NET002
}

resource "aws_security_group_rule" "workers" {
  count             = 3
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  from_port         = 9000 + count.index
  to_port           = 9000 + count.index
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] # expect: NET002
}
