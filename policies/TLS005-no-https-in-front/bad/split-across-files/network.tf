variable "public_subnet_ids" {
  type = list(string)
}

variable "vpc_id" {
  type = string
}

resource "aws_security_group" "lb" {
  name        = "shop-lb"
  description = "Shop load balancer"
  vpc_id      = var.vpc_id

  ingress {
    description = "HTTP"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "app" {
  name        = "shop-app"
  description = "Shop app servers"
  vpc_id      = var.vpc_id

  ingress {
    description     = "App, from the load balancer only"
    from_port       = 8000
    to_port         = 8000
    protocol        = "tcp"
    security_groups = [aws_security_group.lb.id]
  }
}
