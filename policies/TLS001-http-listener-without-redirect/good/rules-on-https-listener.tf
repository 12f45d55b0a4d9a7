# Listener rules that forward belong on the HTTPS listener; the HTTP
# listener keeps a single redirect (here through `aws_alb_listener`).
variable "public_subnet_ids" {
  type = list(string)
}

variable "vpc_id" {
  type = string
}

variable "certificate_arn" {
  type = string
}

resource "aws_alb" "web" {
  name    = "web"
  subnets = var.public_subnet_ids
}

resource "aws_alb_target_group" "webhooks" {
  name     = "webhooks"
  port     = 8000
  protocol = "HTTP"
  vpc_id   = var.vpc_id
}

resource "aws_alb_listener" "http" {
  load_balancer_arn = aws_alb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_alb_listener" "https" {
  load_balancer_arn = aws_alb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      status_code  = "404"
    }
  }
}

resource "aws_alb_listener_rule" "webhooks" {
  listener_arn = aws_alb_listener.https.arn
  priority     = 10

  action {
    type             = "forward"
    target_group_arn = aws_alb_target_group.webhooks.arn
  }

  condition {
    path_pattern {
      values = ["/webhooks/*"]
    }
  }
}
