# Policies that negotiate TLS 1.2 and 1.3 only, on an HTTPS and a TLS
# listener.
variable "load_balancer_arn" {
  type = string
}

variable "nlb_arn" {
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
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = var.target_group_arn
  }
}

resource "aws_lb_listener" "mqtts" {
  load_balancer_arn = var.nlb_arn
  port              = 8883
  protocol          = "TLS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-3-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = var.target_group_arn
  }
}
