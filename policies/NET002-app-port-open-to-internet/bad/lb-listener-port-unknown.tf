# A listener whose port is known only after apply: rampart cannot tell
# which ports the load balancer's group is for, so it judges the group as
# any other. Also a group shared by the load balancer and an instance:
# 8080 open to the world reaches the instance too.
resource "aws_security_group" "lb" {
  name   = "lb"
  vpc_id = var.vpc_id

  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: NET002
  }
}

resource "aws_lb" "public" {
  name               = "public"
  load_balancer_type = "network"
  subnets            = var.public_subnet_ids
  security_groups    = [aws_security_group.lb.id]
}

resource "aws_lb_listener" "app" {
  load_balancer_arn = aws_lb.public.arn
  port              = 8080
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = var.target_group_arn
  }
}

resource "aws_lb_listener" "extra" {
  load_balancer_arn = aws_lb.public.arn
  port              = var.extra_port
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = var.target_group_arn
  }
}

resource "aws_security_group" "shared" {
  name   = "shared"
  vpc_id = var.vpc_id

  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: NET002
  }
}

resource "aws_lb" "shared" {
  name               = "shared"
  load_balancer_type = "network"
  subnets            = var.public_subnet_ids
  security_groups    = [aws_security_group.shared.id]
}

resource "aws_lb_listener" "shared" {
  load_balancer_arn = aws_lb.shared.arn
  port              = 8080
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = var.target_group_arn
  }
}

resource "aws_instance" "app" {
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.small"
  vpc_security_group_ids = [aws_security_group.shared.id]
}

variable "vpc_id" {
  type = string
}

variable "public_subnet_ids" {
  type = list(string)
}

variable "target_group_arn" {
  type = string
}

variable "extra_port" {
  type = number
}
