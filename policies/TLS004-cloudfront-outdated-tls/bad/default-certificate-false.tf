# `cloudfront_default_certificate = false` written out, without
# `minimum_protocol_version`: the AWS provider sends its documented default,
# `TLSv1`. The finding sits on the viewer_certificate block.
variable "iam_certificate_id" {
  type = string
}

resource "aws_cloudfront_distribution" "shop" {
  enabled = true

  origin {
    domain_name = "shop-origin.example.com"
    origin_id   = "shop"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "shop"
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

  viewer_certificate { # expect: TLS004
    cloudfront_default_certificate = false
  }
}
