# Port 80 redirects to HTTPS, but a second plain-HTTP listener on 8080 (an
# old "direct" entry point) still forwards. A redirect on one listener does
# not excuse another: only the 8080 listener is reported.
variable "public_subnet_ids" {
  type = list(string)
}

variable "vpc_id" {
  type = string
}

variable "certificate_arn" {
  type = string
}

resource "aws_lb" "web" {
  name    = "web"
  subnets = var.public_subnet_ids
}

resource "aws_lb_target_group" "app" {
  name     = "app"
  port     = 8000
  protocol = "HTTP"
  vpc_id   = var.vpc_id
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
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

resource "aws_lb_listener" "direct" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8080
  protocol          = "HTTP" # expect: TLS001

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}
