# API Gateway custom domains with TLS 1.2 and an enhanced TLS 1.3 policy.
variable "certificate_arn" {
  type = string
}

resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = var.certificate_arn
  security_policy          = "TLS_1_2"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_domain_name" "internal" {
  domain_name              = "internal-api.example.com"
  regional_certificate_arn = var.certificate_arn
  security_policy          = "SecurityPolicy_TLS13_1_3_2025_09"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
