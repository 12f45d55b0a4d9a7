# The minimum version comes from terraform.tfvars, which lowers the
# module default for "older smart TVs". The finding sits on the attribute;
# its trail leads to terraform.tfvars.
resource "aws_cloudfront_distribution" "video" {
  enabled = true
  aliases = ["video.example.com"]

  origin {
    domain_name = "video-origin.example.com"
    origin_id   = "video"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "video"
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
    minimum_protocol_version = var.minimum_tls # expect: TLS004
  }
}
