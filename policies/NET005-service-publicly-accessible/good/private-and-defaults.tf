# Private services, and flags left to their defaults. Redshift's omitted
# flag is not reported: its default changed between provider versions.
resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 20
  publicly_accessible = false
}

resource "aws_rds_cluster_instance" "reporting" {
  identifier         = "reporting-1"
  cluster_identifier = "reporting"
  instance_class     = "db.r6g.large"
  engine             = "aurora-postgresql"
}

resource "aws_redshift_cluster" "analytics" {
  cluster_identifier     = "analytics"
  node_type              = "ra3.xlplus"
  master_username        = "admin"
  manage_master_password = true
}

resource "aws_dms_replication_instance" "migrate" {
  replication_instance_id    = "migrate"
  replication_instance_class = "dms.t3.medium"
}

resource "aws_mq_broker" "events" {
  broker_name         = "events"
  engine_type         = "RabbitMQ"
  engine_version      = "3.13"
  host_instance_type  = "mq.t3.micro"
  publicly_accessible = false

  user {
    username = "app"
    password = "example-only-not-a-secret"
  }
}
