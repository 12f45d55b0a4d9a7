# The policy comes from a variable with no value: known only at apply
# time, so rampart does not guess.
variable "ssl_policy" {
  type = string
}

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
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = var.target_group_arn
  }
}
