# The predefined policy comes from terraform.tfvars. The finding sits on
# the `value` attribute; its trail leads to terraform.tfvars.
resource "aws_load_balancer_policy" "shop" {
  load_balancer_name = "shop"
  policy_name        = "shop-ssl"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Reference-Security-Policy"
    value = var.ssl_policy # expect: TLS002
  }
}
