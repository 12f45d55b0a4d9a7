# A custom certificate without minimum_protocol_version: the AWS provider
# defaults it to TLSv1. The finding sits on the viewer_certificate block.
variable "certificate_arn" {
  type = string
}

resource "aws_cloudfront_distribution" "docs" {
  enabled = true
  aliases = ["docs.example.com"]

  origin {
    domain_name = "docs-origin.example.com"
    origin_id   = "docs"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "docs"
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
    acm_certificate_arn = var.certificate_arn
    ssl_support_method  = "sni-only"
  }
}
