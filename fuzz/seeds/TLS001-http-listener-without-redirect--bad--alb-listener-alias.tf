# `aws_alb` and `aws_alb_listener` are the older names of `aws_lb` and
# `aws_lb_listener`; they are checked the same way.
variable "public_subnet_ids" {
  type = list(string)
}

variable "vpc_id" {
  type = string
}

variable "certificate_arn" {
  type = string
}

resource "aws_alb" "api" {
  name    = "api"
  subnets = var.public_subnet_ids
}

resource "aws_alb_target_group" "api" {
  name     = "api"
  port     = 3000
  protocol = "HTTP"
  vpc_id   = var.vpc_id
}

resource "aws_alb_listener" "https" {
  load_balancer_arn = aws_alb.api.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_alb_target_group.api.arn
  }
}

resource "aws_alb_listener" "http" {
  load_balancer_arn = aws_alb.api.arn
  port              = 80
  protocol          = "HTTP" # expect: TLS001

  default_action {
    type             = "forward"
    target_group_arn = aws_alb_target_group.api.arn
  }
}
