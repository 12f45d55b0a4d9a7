# RDS generates the master password and keeps it in Secrets Manager; the
# configuration only says so.
resource "aws_rds_cluster" "billing" {
  cluster_identifier            = "billing"
  engine                        = "aurora-postgresql"
  master_username               = "billing"
  manage_master_user_password   = true
  master_user_secret_kms_key_id = "alias/rds-secrets"
  skip_final_snapshot           = true
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  master_username        = "warehouse"
  manage_master_password = true
}
