# Test doubles: a provider configured for mocked tests (LocalStack,
# `terraform test`) and fixture passwords that look like what they are,
# metasyntactic or sequential dummies. Judged by the value, not the path.
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
}

resource "google_sql_user" "fixture" {
  name     = "fixture"
  instance = "mssql-ha"
  password = "abcdefg"
}

resource "google_sql_database_instance" "fixture" {
  name             = "mssql-ha"
  database_version = "SQLSERVER_2019_STANDARD"
  root_password    = "foobar"

  settings {
    tier = "db-custom-2-3840"
  }
}
