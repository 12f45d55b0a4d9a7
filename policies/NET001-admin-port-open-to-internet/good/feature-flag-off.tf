# Open SSH behind a flag that is off: the dynamic block expands to nothing
# and the counted rule has no instances.
variable "debug_ssh" {
  type    = bool
  default = false
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"

  dynamic "ingress" {
    for_each = var.debug_ssh ? [22] : []
    content {
      description = "Debug SSH"
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

resource "aws_security_group_rule" "debug_rdp" {
  count             = var.debug_ssh ? 1 : 0
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
