# terraform.tfvars switches the listener to plain HTTP ("until the
# certificate is issued"), and it forwards. The finding sits on the
# `protocol` attribute; its trail leads to terraform.tfvars. With no HTTPS
# anywhere in the module, TLS005 reports the same line.
locals {
  tls = var.listener_protocol == "HTTPS"
}

resource "aws_lb" "web" {
  name    = "web"
  subnets = var.public_subnet_ids
}

resource "aws_lb_target_group" "app" {
  name     = "app"
  port     = 8000
  protocol = "HTTP"
  vpc_id   = var.vpc_id
}

resource "aws_lb_listener" "web" {
  load_balancer_arn = aws_lb.web.arn
  port              = local.tls ? 443 : 80
  protocol          = var.listener_protocol # expect: TLS001, TLS005
  ssl_policy        = local.tls ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : null
  certificate_arn   = local.tls ? var.certificate_arn : null

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}
