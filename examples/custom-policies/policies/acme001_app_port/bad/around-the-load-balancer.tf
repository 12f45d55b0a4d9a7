# Behind an ALB, but with ways around it: the VPC and the office ranges
# "for debugging", and the bastion's security group.
resource "aws_security_group" "lb" {
  name = "fastapi-lb"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "bastion" {
  name = "bastion"
}

resource "aws_security_group" "app" {
  name = "fastapi-app"

  ingress {
    description     = "uvicorn, from the load balancer"
    from_port       = 8000
    to_port         = 8000
    protocol        = "tcp"
    security_groups = [aws_security_group.lb.id]
  }

  ingress {
    description = "uvicorn, from the office for debugging"
    from_port   = 8000
    to_port     = 8000
    protocol    = "tcp"
    cidr_blocks = [
      "10.20.0.0/16",   # expect: ACME001
      "203.0.113.0/24", # expect: ACME001
    ]
  }

  ingress {
    description     = "anything from the bastion"
    from_port       = 0
    to_port         = 0
    protocol        = "-1"
    security_groups = [aws_security_group.bastion.id] # expect: ACME001
  }
}

resource "aws_lb" "app" {
  name               = "fastapi"
  load_balancer_type = "application"
  security_groups    = [aws_security_group.lb.id]
}
