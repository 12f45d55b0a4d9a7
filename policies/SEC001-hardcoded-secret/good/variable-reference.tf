# The password comes in at run time: a sensitive variable with no default,
# set with TF_VAR_db_password from the CI secret store.
variable "db_password" {
  description = "Master password of the orders database (TF_VAR_db_password)."
  type        = string
  sensitive   = true
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders_admin"
  password            = var.db_password
  storage_encrypted   = true
  skip_final_snapshot = false
}

# An empty default is not a secret (the module checks it is set).
variable "smtp_password" {
  type      = string
  sensitive = true
  default   = ""
}
