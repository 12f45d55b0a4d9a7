# The origin follows the viewer's protocol, and the legacy path (its policy
# from terraform.tfvars) accepts plain HTTP through an origin group: those
# requests reach the origin unencrypted. One cause, one finding: the
# behavior's, naming the origin, with its `match-viewer` as a related
# location.
resource "aws_cloudfront_distribution" "shop" {
  enabled = true

  origin {
    domain_name = "shop-primary.example.com"
    origin_id   = "primary"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "match-viewer"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    domain_name = "shop-failover.example.com"
    origin_id   = "failover"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin_group {
    origin_id = "shop-group"

    failover_criteria {
      status_codes = [500, 502, 503, 504]
    }

    member {
      origin_id = "primary"
    }

    member {
      origin_id = "failover"
    }
  }

  default_cache_behavior {
    target_origin_id       = "shop-group"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  ordered_cache_behavior {
    path_pattern           = "/legacy/*"
    target_origin_id       = "shop-group"
    viewer_protocol_policy = var.legacy_viewer_policy # expect: TLS003
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
