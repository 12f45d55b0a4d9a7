# The module defaults to redirect-to-https; terraform.tfvars sets allow-all
# "for the IoT devices". The finding sits on the attribute; its trail leads
# to terraform.tfvars.
resource "aws_cloudfront_distribution" "firmware" {
  enabled = true

  origin {
    domain_name = "firmware.s3.eu-west-1.amazonaws.com"
    origin_id   = "firmware"
  }

  default_cache_behavior {
    target_origin_id       = "firmware"
    viewer_protocol_policy = var.viewer_protocol_policy # expect: TLS003
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
