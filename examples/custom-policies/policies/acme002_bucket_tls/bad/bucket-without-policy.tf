# A second bucket added later, and no policy for it.
resource "aws_s3_bucket" "exports" { # expect: ACME002
  bucket = "fastapi-app-exports"
}
