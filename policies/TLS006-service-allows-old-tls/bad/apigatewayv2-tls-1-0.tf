# An HTTP API custom domain (API Gateway v2) that accepts TLS 1.0: the
# finding sits on `security_policy` inside `domain_name_configuration`.
variable "certificate_arn" {
  type = string
}

resource "aws_apigatewayv2_domain_name" "http_api" {
  domain_name = "http-api.example.com"

  domain_name_configuration {
    certificate_arn = var.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_0" # expect: TLS006
  }
}
