# HTTP and WebSocket API custom domains (API Gateway v2) with TLS 1.2, and
# one whose policy is known only at apply time.
variable "certificate_arn" {
  type = string
}

variable "security_policy" {
  type = string
}

resource "aws_apigatewayv2_domain_name" "http_api" {
  domain_name = "http-api.example.com"

  domain_name_configuration {
    certificate_arn = var.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
}

resource "aws_apigatewayv2_domain_name" "websocket" {
  domain_name = "ws.example.com"

  domain_name_configuration {
    certificate_arn = var.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = var.security_policy
  }
}
