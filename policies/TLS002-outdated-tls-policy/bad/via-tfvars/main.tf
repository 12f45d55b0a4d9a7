# The default in variables.tf is modern; terraform.tfvars downgrades it for
# "the old Android app". The finding sits on the attribute in main.tf, and
# its trail leads to terraform.tfvars.
resource "aws_lb_listener" "https" {
  load_balancer_arn = var.load_balancer_arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy # expect: TLS002
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = var.target_group_arn
  }
}
