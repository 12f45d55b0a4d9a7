# Sources that are unknown before apply, or public but narrow, are not
# reported.
variable "partner_cidr" {
  type = string
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "api" {
  name        = "api"
  description = "API server"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "API from inside the VPC"
    from_port   = 8000
    to_port     = 8000
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }

  ingress {
    description = "Webhooks from the partner"
    from_port   = 8443
    to_port     = 8443
    protocol    = "tcp"
    cidr_blocks = [var.partner_cidr]
  }

  ingress {
    description = "Webhooks from the payment provider"
    from_port   = 9443
    to_port     = 9443
    protocol    = "tcp"
    cidr_blocks = ["198.51.100.0/24"]
  }
}
