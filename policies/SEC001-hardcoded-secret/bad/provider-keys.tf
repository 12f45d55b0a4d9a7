# Long-term AWS keys pasted into the provider block. Checkov reports this as
# CKV_AWS_41; the access key ID alone is also CKV_SECRET_2.
provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"                     # expect: SEC001
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" # expect: SEC001
}

provider "aws" {
  alias  = "audit"
  region = "us-east-1"

  assume_role {
    role_arn     = "arn:aws:iam::111122223333:role/audit"
    session_name = "terraform"
  }
}
