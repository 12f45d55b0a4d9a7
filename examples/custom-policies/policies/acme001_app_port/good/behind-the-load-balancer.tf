# The FastAPI app behind an internet-facing ALB: the load balancer takes
# 80 and 443 from the internet, and uvicorn's port 8000 takes traffic only
# from the load balancer's security group.
resource "aws_security_group" "lb" {
  name = "fastapi-lb"

  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "app" {
  name = "fastapi-app"

  ingress {
    description     = "uvicorn, from the load balancer only"
    from_port       = 8000
    to_port         = 8000
    protocol        = "tcp"
    security_groups = [aws_security_group.lb.id]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "uvicorn_from_lb" {
  security_group_id            = aws_security_group.app.id
  from_port                    = 8000
  to_port                      = 8000
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.lb.id
}

resource "aws_lb" "app" {
  name               = "fastapi"
  load_balancer_type = "application"
  security_groups    = [aws_security_group.lb.id]
}
