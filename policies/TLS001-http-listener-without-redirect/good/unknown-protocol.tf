# The protocol is known only at apply time (a variable with no value), so
# rampart does not guess.
variable "listener_protocol" {
  description = "HTTP or HTTPS, set per environment by the pipeline."
  type        = string
}

variable "load_balancer_arn" {
  type = string
}

variable "target_group_arn" {
  type = string
}

resource "aws_lb_listener" "front" {
  load_balancer_arn = var.load_balancer_arn
  port              = 80
  protocol          = var.listener_protocol

  default_action {
    type             = "forward"
    target_group_arn = var.target_group_arn
  }
}
