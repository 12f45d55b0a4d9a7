# The default cache behavior answers plain HTTP.
resource "aws_cloudfront_distribution" "site" {
  enabled             = true
  default_root_object = "index.html"

  origin {
    domain_name              = "site-assets.s3.eu-west-1.amazonaws.com"
    origin_id                = "assets"
    origin_access_control_id = "E2QWRUHAPOMQZL"
  }

  default_cache_behavior {
    target_origin_id       = "assets"
    viewer_protocol_policy = "allow-all" # expect: TLS003
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
