# A classic DB security group open to the internet.
resource "aws_db_security_group" "legacy" {
  name = "legacy-db"

  ingress {
    cidr = "0.0.0.0/0" # expect: NET005
  }

  ingress {
    cidr = "10.0.0.0/16"
  }
}
