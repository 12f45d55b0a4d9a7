# Custom origins reached with TLS 1.2 only; an origin reached over plain
# HTTP only, whose `origin_ssl_protocols` are never used (TLS003 reports
# the plain HTTP, not this rule); and a protocol list known only at apply
# time.
variable "origin_ssl_protocols" {
  type = list(string)
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true

  origin {
    domain_name = "site-origin.example.com"
    origin_id   = "site"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    domain_name = "reports-origin.example.com"
    origin_id   = "reports"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = var.origin_ssl_protocols
    }
  }

  default_cache_behavior {
    target_origin_id       = "site"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
