# Placeholders in a credential position are reported at low severity, with
# their own message: `changeme` is not a leaked secret, but applying it would
# create a database with a guessable password. (The severity is asserted in
# the rule's unit tests: the example harness compares lines and codes.)
resource "aws_db_instance" "staging" {
  identifier        = "staging"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
  username          = "staging_admin"
  password          = "changeme" # expect: SEC001
}

resource "aws_mq_broker" "events" {
  broker_name        = "events"
  engine_type        = "RabbitMQ"
  engine_version     = "3.13"
  host_instance_type = "mq.t3.micro"

  user {
    username = "events"
    password = "<your-password>" # expect: SEC001
  }
}
