# An internet-facing Network Load Balancer with TCP listeners (an MQTT
# broker on 1883 and a game server on 7777/UDP). Its security group opens
# the listeners' ports to the world, and nothing serves HTTPS, but none of
# it is plain HTTP: a TCP or UDP listener is not what this rule is about.
resource "aws_security_group" "nlb" {
  name   = "broker-nlb"
  vpc_id = var.vpc_id

  ingress {
    from_port   = 1883
    to_port     = 1883
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 7777
    to_port     = 7777
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "broker" {
  name               = "broker"
  load_balancer_type = "network"
  subnets            = var.public_subnet_ids
  security_groups    = [aws_security_group.nlb.id]
}

resource "aws_lb_listener" "mqtt" {
  load_balancer_arn = aws_lb.broker.arn
  port              = 1883
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = var.mqtt_target_group_arn
  }
}

resource "aws_lb_listener" "game" {
  load_balancer_arn = aws_lb.broker.arn
  port              = 7777
  protocol          = "UDP"

  default_action {
    type             = "forward"
    target_group_arn = var.game_target_group_arn
  }
}

variable "vpc_id" {
  type = string
}

variable "public_subnet_ids" {
  type = list(string)
}

variable "mqtt_target_group_arn" {
  type = string
}

variable "game_target_group_arn" {
  type = string
}
