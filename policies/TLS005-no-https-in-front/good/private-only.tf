# The app port is open only to the VPC: nothing is exposed to the internet.
variable "vpc_id" {
  type = string
}

resource "aws_security_group" "api" {
  name        = "internal-api"
  description = "Internal API"
  vpc_id      = var.vpc_id

  ingress {
    description = "API from the VPC"
    from_port   = 8000
    to_port     = 8000
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}
