# A Kafka cluster whose client encryption comes from terraform.tfvars
# ("the old consumers cannot do TLS"), and whose brokers replicate in
# plaintext.
resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = var.subnet_ids
    security_groups = var.security_group_ids
  }

  encryption_info {
    encryption_in_transit {
      client_broker = var.client_broker # expect: TLS007
      in_cluster    = false             # expect: TLS007
    }
  }
}
