# Canned ACLs and ACL grants that open a bucket to everyone.
resource "aws_s3_bucket" "downloads" {
  bucket = "example-downloads"
  acl    = "public-read" # expect: IAM005
}

resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

resource "aws_s3_bucket_acl" "reports" {
  bucket = aws_s3_bucket.reports.id
  acl    = "authenticated-read" # expect: IAM005
}

resource "aws_s3_bucket_acl" "uploads" {
  bucket = "example-uploads"
  access_control_policy {
    owner {
      id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    }
    grant {
      permission = "WRITE"
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers" # expect: IAM005
      }
    }
  }
}
