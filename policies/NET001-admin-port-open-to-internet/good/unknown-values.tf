# Values that cannot be known before apply are never reported: a resource
# attribute and a variable with no default and no value.
variable "admin_cidr" {
  description = "Set per environment at apply time."
  type        = string
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "admin" {
  name        = "admin"
  description = "Admin access"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "SSH from inside the VPC"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }

  ingress {
    description = "RDP from the admin network"
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}
