# Port from a local, source from a conditional: only production gets the
# VPN range, every other environment is "temporarily" open.
variable "environment" {
  type    = string
  default = "staging"
}

locals {
  admin_port   = 22
  admin_source = var.environment == "production" ? "10.8.0.0/16" : "0.0.0.0/0"
}

resource "aws_security_group" "admin" {
  name        = "admin-${var.environment}"
  description = "Administrative access"

  ingress {
    description = "SSH"
    from_port   = local.admin_port
    to_port     = local.admin_port
    protocol    = "tcp"
    cidr_blocks = [local.admin_source] # expect: NET001
  }
}
