# Standalone rule resources, their sources set in terraform.tfvars: the
# finding sits on the line here and names where the value came from.
resource "aws_security_group" "app" {
  name = "fastapi-app"
}

resource "aws_security_group_rule" "uvicorn" {
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  from_port         = var.app_port
  to_port           = var.app_port
  protocol          = "tcp"
  cidr_blocks       = var.debug_cidrs # expect: ACME001
}

resource "aws_vpc_security_group_ingress_rule" "uvicorn_v6" {
  security_group_id = aws_security_group.app.id
  from_port         = var.app_port
  to_port           = var.app_port
  ip_protocol       = "tcp"
  cidr_ipv6         = "::/0" # expect: ACME001
}
