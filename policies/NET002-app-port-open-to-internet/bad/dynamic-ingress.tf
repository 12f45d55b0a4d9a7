# Dynamic ingress blocks. Findings sit on the source inside content: one
# line can carry both codes when the list mixes an admin port and an app
# port.
variable "open_ports" {
  type    = list(number)
  default = [22, 8000]
}

locals {
  datastore_ports = [5432, 6379]
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application server"

  dynamic "ingress" {
    for_each = var.open_ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"] # expect: NET001, NET002
    }
  }

  dynamic "ingress" {
    for_each = local.datastore_ports
    iterator = port
    content {
      description      = "Postgres and Redis"
      from_port        = port.value
      to_port          = port.value
      protocol         = "tcp"
      ipv6_cidr_blocks = ["::/0"] # expect: NET002
    }
  }
}
