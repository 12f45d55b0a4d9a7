# Terraform 1.11+: an ephemeral password fed to a write-only argument never
# reaches the plan or the state, and nothing is written in the code.
ephemeral "random_password" "db" {
  length = 32
}

resource "aws_db_instance" "ledger" {
  identifier          = "ledger"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "ledger"
  password_wo         = ephemeral.random_password.db.result
  password_wo_version = 1
  skip_final_snapshot = false
}
