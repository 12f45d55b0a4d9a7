# aws_vpc_security_group_ingress_rule: ip_protocol "-1" means all
# protocols and ports (from_port and to_port are then omitted).
resource "aws_security_group" "app" {
  name        = "app"
  description = "Application server"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "all_ipv4" {
  security_group_id = aws_security_group.app.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0" # expect: NET003
}

resource "aws_vpc_security_group_ingress_rule" "all_ipv6" {
  security_group_id = aws_security_group.app.id
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0" # expect: NET003
}

resource "aws_vpc_security_group_ingress_rule" "all_tcp" {
  security_group_id = aws_security_group.app.id
  ip_protocol       = "tcp"
  from_port         = 0
  to_port           = 65535
  cidr_ipv4         = "1.0.0.0/8" # expect: NET003
}

variable "vpc_id" {
  type = string
}
