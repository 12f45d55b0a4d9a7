# A variable whose name says it is a secret, with a literal default. Marking
# it sensitive hides it in plan output but not in the code; a weak value is
# still a secret.
variable "db_password" {
  description = "Master password of the billing database."
  type        = string
  sensitive   = true
  default     = "changeme" # expect: SEC001
}

variable "api_token" {
  type    = string
  default = "Tk-8fQ2#zR7mW4vX" # expect: SEC001
}

resource "aws_rds_cluster" "billing" {
  cluster_identifier  = "billing"
  engine              = "aurora-postgresql"
  master_username     = "billing"
  master_password     = var.db_password
  skip_final_snapshot = true
}
