# `aws_alb_listener`, the older name of `aws_lb_listener`, with a forward
# secrecy policy that still accepts TLS 1.0.
variable "load_balancer_arn" {
  type = string
}

variable "target_group_arn" {
  type = string
}

variable "certificate_arn" {
  type = string
}

resource "aws_alb_listener" "https" {
  load_balancer_arn = var.load_balancer_arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-FS-2018-06" # expect: TLS002
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = var.target_group_arn
  }
}
