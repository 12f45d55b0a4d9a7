# Redirects that do not switch to HTTPS. `#{protocol}` (the default when
# `protocol` is left out) keeps whatever the client used, so a redirect from
# an HTTP listener stays on HTTP even when it changes the port or the host.
variable "public_subnet_ids" {
  type = list(string)
}

variable "certificate_arn" {
  type = string
}

resource "aws_lb" "web" {
  name    = "web"
  subnets = var.public_subnet_ids
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
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

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP" # expect: TLS001

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "#{protocol}"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "old_domain" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8080
  protocol          = "HTTP" # expect: TLS001

  default_action {
    type = "redirect"

    redirect {
      host        = "www.example.com"
      status_code = "HTTP_302"
    }
  }
}
