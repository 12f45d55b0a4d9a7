# Objects uploaded public-read: anyone can read each of them (an object
# ACL opens that object, not the bucket listing). The S3 Block Public
# Access that may ignore the ACLs is not in this module, and 1500 objects
# with one ACL line are one finding (the module's resources are indexed
# once, not scanned per object).
locals {
  names = [for i in range(1500) : "f${i}.html"]
}

resource "aws_s3_bucket" "site" {
  bucket = "example-site"
}

resource "aws_s3_object" "files" {
  for_each = toset(local.names)
  bucket   = aws_s3_bucket.site.id
  key      = each.value
  acl      = "public-read" # expect: IAM005
}

resource "aws_s3_object" "index" {
  for_each = toset(["index.html", "app.js"])
  bucket   = "site-bucket"
  key      = each.value
  source   = each.value
  acl      = "public-read" # expect: IAM005
}
