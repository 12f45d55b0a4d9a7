# Secrets in nested blocks: the OpenSearch master user and an MQ broker user.
resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"

  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = true

    master_user_options {
      master_user_name     = "admin"
      master_user_password = "Adm1n-Logs-Pass" # expect: SEC001
    }
  }
}

resource "aws_mq_broker" "events" {
  broker_name        = "events"
  engine_type        = "RabbitMQ"
  engine_version     = "3.13"
  host_instance_type = "mq.t3.micro"

  user {
    username = "events"
    password = "Rabbit-Events-01" # expect: SEC001
  }
}
