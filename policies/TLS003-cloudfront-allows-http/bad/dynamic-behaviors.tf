# Ordered behaviors generated with `dynamic` from a local map: the one for
# /downloads/* allows HTTP. The finding sits on the line that sets the
# value in the dynamic block; its trail leads to the local.
locals {
  behaviors = {
    "/images/*" = {
      viewer_protocol_policy = "redirect-to-https"
    }
    "/downloads/*" = {
      viewer_protocol_policy = "allow-all"
    }
  }
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true

  origin {
    domain_name = "files.s3.eu-west-1.amazonaws.com"
    origin_id   = "files"
  }

  default_cache_behavior {
    target_origin_id       = "files"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  dynamic "ordered_cache_behavior" {
    for_each = local.behaviors

    content {
      path_pattern           = ordered_cache_behavior.key
      target_origin_id       = "files"
      viewer_protocol_policy = ordered_cache_behavior.value.viewer_protocol_policy # expect: TLS003
      allowed_methods        = ["GET", "HEAD"]
      cached_methods         = ["GET", "HEAD"]
      cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    }
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
