# Rules known only after apply are not reported, and neither is a default
# group that count turns off, nor a rule on a group passed in as a plain
# variable (rampart cannot tell it is the default one).
variable "extra_rules" {
  description = "Set per environment at apply time."
  type = list(object({
    port = number
    cidr = string
  }))
}

variable "manage_default_group" {
  type    = bool
  default = false
}

variable "group_id" {
  type = string
}

resource "aws_default_security_group" "default" {
  vpc_id = "vpc-0a1b2c3d"

  dynamic "ingress" {
    for_each = var.extra_rules
    content {
      protocol    = "tcp"
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      cidr_blocks = [ingress.value.cidr]
    }
  }
}

resource "aws_default_security_group" "legacy" {
  count  = var.manage_default_group ? 1 : 0
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }
}

resource "aws_security_group_rule" "https" {
  type              = "ingress"
  security_group_id = var.group_id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["10.0.0.0/8"]
}
