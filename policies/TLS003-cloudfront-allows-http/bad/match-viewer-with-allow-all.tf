# A viewer on plain HTTP (allow-all) and a match-viewer origin behind it:
# one finding, on the viewer policy, naming the origin (whose setting is a
# related location), not a second one on the origin.
resource "aws_cloudfront_distribution" "d" {
  enabled = true

  origin {
    domain_name = "origin.example.com"
    origin_id   = "o"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "match-viewer"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "o"
    viewer_protocol_policy = "allow-all" # expect: TLS003
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction { restriction_type = "none" }
  }

  viewer_certificate { cloudfront_default_certificate = true }
}
