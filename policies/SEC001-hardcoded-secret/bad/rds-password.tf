# The database password is written into the configuration: it is in every
# clone of the repository and, in clear text, in the Terraform state.
resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  engine_version      = "16.4"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders_admin"
  password            = "Orders-2024-prod!" # expect: SEC001
  storage_encrypted   = true
  skip_final_snapshot = false
}

# Two replicas of one resource share one literal: one finding.
resource "aws_db_instance" "reporting" {
  count               = 2
  identifier          = "reporting-${count.index}"
  engine              = "mysql"
  instance_class      = "db.t4g.small"
  allocated_storage   = 20
  username            = "report"
  password            = "changeme" # expect: SEC001
  skip_final_snapshot = true
}
