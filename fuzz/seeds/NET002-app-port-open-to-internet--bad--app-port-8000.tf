# A FastAPI app served straight from uvicorn on 8000. Ports 80 and 443 are
# public ports and are not reported.
resource "aws_security_group" "api" {
  name        = "api"
  description = "API server"
  vpc_id      = var.vpc_id

  ingress {
    description = "HTTP"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "uvicorn"
    from_port   = 8000
    to_port     = 8000
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: NET002
  }
}

variable "vpc_id" {
  type = string
}
