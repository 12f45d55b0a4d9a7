# A custom SSL negotiation policy for a Classic Load Balancer that turns on
# TLS 1.0 and 1.1 next to TLS 1.2: one finding per old protocol switched on.
resource "aws_elb" "web" {
  name               = "web"
  availability_zones = ["eu-west-1a"]

  listener {
    instance_port      = 8080
    instance_protocol  = "http"
    lb_port            = 443
    lb_protocol        = "https"
    ssl_certificate_id = "arn:aws:acm:eu-west-1:123456789012:certificate/5e7d1c2a-1111-2222-3333-444455556666"
  }
}

resource "aws_load_balancer_policy" "web_ssl" {
  load_balancer_name = aws_elb.web.name
  policy_name        = "web-ssl"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Protocol-TLSv1"
    value = "true" # expect: TLS002
  }

  policy_attribute {
    name  = "Protocol-TLSv1.1"
    value = "true" # expect: TLS002
  }

  policy_attribute {
    name  = "Protocol-TLSv1.2"
    value = "true"
  }

  policy_attribute {
    name  = "ECDHE-RSA-AES128-GCM-SHA256"
    value = "true"
  }
}

resource "aws_load_balancer_listener_policy" "web_443" {
  load_balancer_name = aws_elb.web.name
  load_balancer_port = 443
  policy_names       = [aws_load_balancer_policy.web_ssl.policy_name]
}
