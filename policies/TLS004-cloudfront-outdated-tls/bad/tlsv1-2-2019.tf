# TLSv1.2_2019 requires TLS 1.2 but keeps the CBC cipher suites that
# TLSv1.2_2021 dropped; it is older than the recommended policy.
variable "certificate_arn" {
  type = string
}

resource "aws_cloudfront_distribution" "www" {
  enabled = true
  aliases = ["www.example.com"]

  origin {
    domain_name = "www-origin.example.com"
    origin_id   = "www"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "www"
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
    acm_certificate_arn      = var.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2019" # expect: TLS004
  }
}
