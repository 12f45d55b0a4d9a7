# The TLS versions CloudFront may use towards custom origins:
# - TLS 1.0 and 1.1 next to TLS 1.2 (low: CloudFront uses TLS 1.2 with any
#   origin that offers it, so this only matters for an origin that does not);
# - TLS 1.0 alone (medium: nothing newer is offered);
# - SSLv3 (medium, whatever else the list holds).
resource "aws_cloudfront_distribution" "media" {
  enabled = true

  origin {
    domain_name = "media-origin.example.com"
    origin_id   = "media"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1", "TLSv1.1", "TLSv1.2"] # expect: TLS004
    }
  }

  origin {
    domain_name = "archive-origin.example.com"
    origin_id   = "archive"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols = [
        "TLSv1", # expect: TLS004
      ]
    }
  }

  origin {
    domain_name = "mainframe-origin.example.com"
    origin_id   = "mainframe"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "match-viewer"
      origin_ssl_protocols   = ["SSLv3", "TLSv1.2"] # expect: TLS004
    }
  }

  default_cache_behavior {
    target_origin_id       = "media"
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
