# Aliases with the CloudFront default certificate: CloudFront then accepts
# TLS 1.0 whatever minimum_protocol_version says.
resource "aws_cloudfront_distribution" "blog" {
  enabled = true
  aliases = ["blog.example.com"]

  origin {
    domain_name = "blog-origin.example.com"
    origin_id   = "blog"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "blog"
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
    cloudfront_default_certificate = true # expect: TLS004
    minimum_protocol_version       = "TLSv1.2_2021"
  }
}
