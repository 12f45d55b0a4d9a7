# An internet-facing Application Load Balancer serves HTTPS on 8443. The
# rule on its security group, a standalone `aws_vpc_security_group_ingress_rule`,
# opens exactly the listener's port.
resource "aws_security_group" "alb" {
  name   = "api-alb"
  vpc_id = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "https_8443" {
  security_group_id = aws_security_group.alb.id
  ip_protocol       = "tcp"
  from_port         = 8443
  to_port           = 8443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_alb" "api" {
  name            = "api"
  internal        = false
  subnets         = var.public_subnet_ids
  security_groups = [aws_security_group.alb.id]
}

resource "aws_alb_listener" "https" {
  load_balancer_arn = aws_alb.api.arn
  port              = "8443"
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

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
