# A Network Load Balancer passing TCP through on port 80 is not an HTTP
# listener: TLS, if any, is the targets' business.
variable "public_subnet_ids" {
  type = list(string)
}

variable "vpc_id" {
  type = string
}

resource "aws_lb" "mqtt" {
  name               = "mqtt"
  load_balancer_type = "network"
  subnets            = var.public_subnet_ids
}

resource "aws_lb_target_group" "broker" {
  name     = "broker"
  port     = 8883
  protocol = "TCP"
  vpc_id   = var.vpc_id
}

resource "aws_lb_listener" "mqtts" {
  load_balancer_arn = aws_lb.mqtt.arn
  port              = 8883
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.broker.arn
  }
}
