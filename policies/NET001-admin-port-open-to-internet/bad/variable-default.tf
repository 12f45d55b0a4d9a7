# The CIDR comes from a variable's default. The finding sits on the
# attribute that uses the variable, not on the default.
variable "ssh_allowed_cidrs" {
  description = "Networks allowed to SSH to the bastion."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "Bastion host"

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.ssh_allowed_cidrs # expect: NET001
  }
}
