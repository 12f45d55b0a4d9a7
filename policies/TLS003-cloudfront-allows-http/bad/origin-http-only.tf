# Viewers must use HTTPS, but CloudFront fetches from the custom origin over
# plain HTTP, and from an S3 website endpoint, which only speaks HTTP
# (medium severity: the CloudFront-to-origin leg).
resource "aws_cloudfront_distribution" "app" {
  enabled = true

  origin {
    domain_name = "app-origin.example.com"
    origin_id   = "app"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only" # expect: TLS003
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    domain_name = "docs-site.s3-website-eu-west-1.amazonaws.com"
    origin_id   = "docs"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only" # expect: TLS003
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  ordered_cache_behavior {
    path_pattern           = "/docs/*"
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

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
