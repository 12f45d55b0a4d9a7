# Listeners made with `for_each` and `count`: each instance's port is a
# listener port, and the `aws_security_group_rule` resources opening them
# (one per port, with `for_each` too) belong to the load balancer's group.
locals {
  tcp_ports = {
    mqtt  = 8883
    coap  = 5684
    admin = 9443
  }
}

resource "aws_security_group" "iot_nlb" {
  name   = "iot-nlb"
  vpc_id = var.vpc_id
}

resource "aws_security_group_rule" "listener" {
  for_each          = local.tcp_ports
  type              = "ingress"
  security_group_id = aws_security_group.iot_nlb.id
  from_port         = each.value
  to_port           = each.value
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "metrics" {
  type              = "ingress"
  security_group_id = aws_security_group.iot_nlb.id
  from_port         = 9100
  to_port           = 9101
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_lb" "iot" {
  name               = "iot"
  load_balancer_type = "network"
  internal           = false
  subnets            = var.public_subnet_ids
  security_groups    = [aws_security_group.iot_nlb.id]
}

resource "aws_lb_listener" "tcp" {
  for_each          = local.tcp_ports
  load_balancer_arn = aws_lb.iot.arn
  port              = each.value
  protocol          = "TLS"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = var.target_group_arn
  }
}

resource "aws_lb_listener" "metrics" {
  count             = 2
  load_balancer_arn = aws_lb.iot.arn
  port              = 9100 + count.index
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = var.target_group_arn
  }
}

variable "vpc_id" {
  type = string
}

variable "public_subnet_ids" {
  type = list(string)
}

variable "certificate_arn" {
  type = string
}

variable "target_group_arn" {
  type = string
}
