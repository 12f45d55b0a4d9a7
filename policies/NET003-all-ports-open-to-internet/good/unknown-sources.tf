# All traffic from sources only known at apply time: never reported.
variable "peer_vpc_cidr" {
  description = "CIDR of the peered VPC, passed in by the pipeline."
  type        = string
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application server"
  vpc_id      = aws_vpc.main.id

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [var.peer_vpc_cidr]
  }
}
