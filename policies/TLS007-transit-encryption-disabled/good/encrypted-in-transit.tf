# Every service encrypts its traffic: TLS required on ElastiCache, MSK left
# at its defaults (TLS for clients, encrypted between brokers), node-to-node
# encryption on OpenSearch, EFS mounted over TLS, EMR with in-transit
# encryption, and a DAX endpoint on TLS.
variable "subnet_ids" {
  type = list(string)
}

variable "dax_role_arn" {
  type = string
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "user sessions"
  engine                     = "valkey"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
  transit_encryption_mode    = "required"
}

resource "aws_elasticache_cluster" "fragments" {
  cluster_id                 = "fragments"
  engine                     = "memcached"
  engine_version             = "1.6.22"
  node_type                  = "cache.t4g.small"
  num_cache_nodes            = 2
  transit_encryption_enabled = true
}

resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type  = "kafka.m5.large"
    client_subnets = var.subnet_ids
  }
}

resource "aws_opensearch_domain" "logs" {
  domain_name    = "logs"
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = true
  }
}

resource "aws_ecs_task_definition" "worker" {
  family = "worker"
  container_definitions = jsonencode([
    {
      name  = "worker"
      image = "public.ecr.aws/docker/library/busybox:latest"
    }
  ])

  volume {
    name = "uploads"

    efs_volume_configuration {
      file_system_id     = "fs-0123456789abcdef0"
      transit_encryption = "ENABLED"

      authorization_config {
        iam = "ENABLED"
      }
    }
  }

  volume {
    name      = "scratch"
    host_path = "/tmp/scratch"
  }
}

resource "aws_emr_security_configuration" "batch" {
  name = "batch"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = true
      EnableAtRestEncryption    = false
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "PEM"
          S3Object                = "s3://emr-certs-example/certs.zip"
        }
      }
    }
  })
}

resource "aws_dax_cluster" "catalog" {
  cluster_name                     = "catalog"
  iam_role_arn                     = var.dax_role_arn
  node_type                        = "dax.r5.large"
  replication_factor               = 3
  cluster_endpoint_encryption_type = "TLS"
}
