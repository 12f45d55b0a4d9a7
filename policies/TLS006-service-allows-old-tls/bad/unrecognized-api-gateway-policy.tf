# A security policy name rampart does not know is reported at low
# severity, not assumed safe. (TLS_1_3 is not an API Gateway policy.)
variable "certificate_arn" {
  type = string
}

resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = var.certificate_arn
  security_policy          = "TLS_1_3" # expect: TLS006

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
