# Classic Load Balancer policies that reference predefined AWS policies
# accepting TLS 1.0 (the dated policies) and TLS 1.1, and an SSL negotiation
# policy (`aws_lb_ssl_negotiation_policy`) that enables SSLv3.
resource "aws_load_balancer_policy" "legacy" {
  load_balancer_name = "legacy"
  policy_name        = "legacy-ssl"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Reference-Security-Policy"
    value = "ELBSecurityPolicy-2016-08" # expect: TLS002
  }
}

resource "aws_load_balancer_policy" "partners" {
  load_balancer_name = "partners"
  policy_name        = "partners-ssl"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Reference-Security-Policy"
    value = "ELBSecurityPolicy-TLS-1-1-2017-01" # expect: TLS002
  }
}

resource "aws_lb_ssl_negotiation_policy" "mainframe" {
  name          = "mainframe-ssl"
  load_balancer = "mainframe"
  lb_port       = 443

  attribute {
    name  = "Protocol-SSLv3"
    value = "true" # expect: TLS002
  }

  attribute {
    name  = "Protocol-TLSv1.2"
    value = "true"
  }
}
