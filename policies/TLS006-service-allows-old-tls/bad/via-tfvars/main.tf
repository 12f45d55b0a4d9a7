# The API's TLS policy comes from terraform.tfvars ("a partner's Java 6
# client"). The finding sits on the attribute; its trail leads to
# terraform.tfvars.
resource "aws_api_gateway_domain_name" "partners" {
  domain_name              = "partners.example.com"
  regional_certificate_arn = var.certificate_arn
  security_policy          = var.tls_policy # expect: TLS006

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
