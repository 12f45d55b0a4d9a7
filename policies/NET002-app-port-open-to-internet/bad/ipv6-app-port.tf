# Application ports open over IPv6 only.
resource "aws_security_group" "grafana" {
  name        = "grafana"
  description = "Grafana"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "grafana_ipv6" {
  security_group_id = aws_security_group.grafana.id
  description       = "Grafana UI"
  ip_protocol       = "tcp"
  from_port         = 3000
  to_port           = 3000
  cidr_ipv6         = "::/0" # expect: NET002
}

resource "aws_security_group_rule" "metrics_ipv6" {
  type              = "ingress"
  security_group_id = aws_security_group.grafana.id
  from_port         = 9090
  to_port           = 9090
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["2001:db8::/32"] # expect: NET002
}

variable "vpc_id" {
  type = string
}
