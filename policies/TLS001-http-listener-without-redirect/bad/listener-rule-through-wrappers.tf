# The listener rules name their listener through wrappers real modules
# use: `coalesce` with an optional existing listener, and a conditional on
# a value known only after apply. Both still lead to the HTTP listener,
# whose default action redirects; the rules forward over plain HTTP.
variable "existing_listener_arn" {
  type    = string
  default = null
}

variable "use_existing" {
  type = bool
}

variable "public_subnet_ids" {
  type = list(string)
}

resource "aws_lb" "web" {
  name    = "web"
  subnets = var.public_subnet_ids
}

resource "aws_lb_target_group" "app" {
  name     = "app"
  port     = 8000
  protocol = "HTTP"
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
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

resource "aws_lb_listener_rule" "webhooks" {
  listener_arn = coalesce(var.existing_listener_arn, aws_lb_listener.http.arn)
  priority     = 10

  action {
    type             = "forward" # expect: TLS001
    target_group_arn = aws_lb_target_group.app.arn
  }

  condition {
    path_pattern {
      values = ["/webhooks/*"]
    }
  }
}

resource "aws_lb_listener_rule" "callbacks" {
  listener_arn = var.use_existing ? null : aws_lb_listener.http.arn
  priority     = 20

  action {
    type             = "forward" # expect: TLS001
    target_group_arn = aws_lb_target_group.app.arn
  }

  condition {
    path_pattern {
      values = ["/callbacks/*"]
    }
  }
}
