# An internet-facing ALB with only an HTTP listener. TLS001 reports the
# listener; TLS005 reports the module once, on the first exposure in source
# order (the security group), with the listener as a related location.
variable "public_subnet_ids" {
  type = list(string)
}

variable "vpc_id" {
  type = string
}

resource "aws_security_group" "lb" {
  name        = "web-lb"
  description = "Load balancer"
  vpc_id      = var.vpc_id

  ingress {
    description = "HTTP"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: TLS005
  }
}

resource "aws_lb" "web" {
  name            = "web"
  subnets         = var.public_subnet_ids
  security_groups = [aws_security_group.lb.id]
}

resource "aws_lb_target_group" "app" {
  name     = "app"
  port     = 8000
  protocol = "HTTP"
  vpc_id   = var.vpc_id
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP" # expect: TLS001

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}
