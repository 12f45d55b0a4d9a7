# An API Gateway custom domain that still accepts TLS 1.0.
variable "certificate_arn" {
  type = string
}

resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = var.certificate_arn
  security_policy          = "TLS_1_0" # expect: TLS006

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
