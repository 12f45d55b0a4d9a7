# Every TCP port, written three ways.
resource "aws_security_group" "app" {
  name        = "app"
  description = "Application server"
  vpc_id      = var.vpc_id

  ingress {
    description = "All TCP"
    from_port   = 0
    to_port     = 65535
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: NET003
  }
}

resource "aws_security_group_rule" "all_tcp_ipv6" {
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  from_port         = 1
  to_port           = 65535
  protocol          = "6"
  ipv6_cidr_blocks  = ["::/0"] # expect: NET003
}

resource "aws_security_group_rule" "all_protocols" {
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  from_port         = 0
  to_port           = 65535
  protocol          = "all"
  cidr_blocks       = ["0.0.0.0/0"] # expect: NET003
}

variable "vpc_id" {
  type = string
}
