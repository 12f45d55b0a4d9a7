# An accepted case, suppressed with a reason.
resource "aws_db_instance" "demo" {
  identifier          = "public-demo"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  publicly_accessible = true # rampart:ignore NET005 reason: read-only demo dataset, SG allows the partner range only (DATA-77)
}
