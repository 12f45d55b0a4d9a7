# Classic Load Balancer policies that negotiate TLS 1.2 only: the predefined
# TLS 1.2 policy, a custom policy that turns the old protocols off, a
# policy whose reference is known only at apply time, and a policy of
# another type (proxy protocol) that says nothing about TLS.
variable "ssl_policy" {
  type = string
}

resource "aws_load_balancer_policy" "tls12" {
  load_balancer_name = "web"
  policy_name        = "web-tls12"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Reference-Security-Policy"
    value = "ELBSecurityPolicy-TLS-1-2-2017-01"
  }
}

resource "aws_lb_ssl_negotiation_policy" "custom" {
  name          = "api-tls12"
  load_balancer = "api"
  lb_port       = 443

  attribute {
    name  = "Protocol-TLSv1"
    value = "false"
  }

  attribute {
    name  = "Protocol-TLSv1.1"
    value = "false"
  }

  attribute {
    name  = "Protocol-TLSv1.2"
    value = "true"
  }
}

resource "aws_load_balancer_policy" "from_variable" {
  load_balancer_name = "admin"
  policy_name        = "admin-ssl"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Reference-Security-Policy"
    value = var.ssl_policy
  }
}

resource "aws_load_balancer_policy" "proxy_protocol" {
  load_balancer_name = "tcp"
  policy_name        = "tcp-proxy-protocol"
  policy_type_name   = "ProxyProtocolPolicyType"

  policy_attribute {
    name  = "ProxyProtocol"
    value = "true"
  }
}
