# No ssl_policy: the listener gets the API default, ELBSecurityPolicy-2016-08
# (TLS 1.0 and 1.1), not the console's TLS 1.3 default. The finding sits on
# the protocol.
variable "load_balancer_arn" {
  type = string
}

variable "target_group_arn" {
  type = string
}

variable "certificate_arn" {
  type = string
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = var.load_balancer_arn
  port              = 443
  protocol          = "HTTPS" # expect: TLS002
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = var.target_group_arn
  }
}
