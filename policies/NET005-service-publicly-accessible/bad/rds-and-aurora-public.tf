# RDS and Aurora instances given a public endpoint.
resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 20
  publicly_accessible = true # expect: NET005
}

resource "aws_rds_cluster_instance" "reporting" {
  identifier          = "reporting-1"
  cluster_identifier  = "reporting"
  instance_class      = "db.r6g.large"
  engine              = "aurora-postgresql"
  publicly_accessible = "true" # expect: NET005
}
