# An internal load balancer: the HTTP listener is still reported, at low
# severity, because traffic inside the VPC is unencrypted too.
variable "private_subnet_ids" {
  type = list(string)
}

variable "vpc_id" {
  type = string
}

resource "aws_lb" "internal_api" {
  name     = "internal-api"
  internal = true
  subnets  = var.private_subnet_ids
}

resource "aws_lb_target_group" "orders" {
  name     = "orders"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = var.vpc_id
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.internal_api.arn
  port              = 80
  protocol          = "HTTP" # expect: TLS001

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.orders.arn
  }
}
