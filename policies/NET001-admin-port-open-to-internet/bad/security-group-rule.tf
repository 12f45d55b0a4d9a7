# Standalone aws_security_group_rule resources. Protocol "6" is TCP.
resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"
  vpc_id      = var.vpc_id
}

resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  from_port         = 22
  to_port           = 22
  protocol          = "6"
  cidr_blocks       = ["0.0.0.0/0"] # expect: NET001
}

resource "aws_security_group_rule" "rdp_ipv6" {
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"] # expect: NET001
}

# Egress never triggers.
resource "aws_security_group_rule" "all_out" {
  type              = "egress"
  security_group_id = aws_security_group.app.id
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
}

variable "vpc_id" {
  type = string
}
