# An accepted exception, suppressed with a reason on the line above the
# attribute where the finding sits.
variable "private_subnet_ids" {
  type = list(string)
}

variable "vpc_id" {
  type = string
}

resource "aws_lb" "metrics" {
  name     = "metrics"
  internal = true
  subnets  = var.private_subnet_ids
}

resource "aws_lb_target_group" "prometheus" {
  name     = "prometheus"
  port     = 9090
  protocol = "HTTP"
  vpc_id   = var.vpc_id
}

resource "aws_lb_listener" "scrape" {
  load_balancer_arn = aws_lb.metrics.arn
  port              = 9090
  # rampart:ignore TLS001 reason: scrape traffic inside the VPC only, mTLS planned (OPS-311)
  protocol = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.prometheus.arn
  }
}
