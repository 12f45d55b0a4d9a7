# Nothing here can be judged before apply, or the setting belongs to
# another resource:
# - values from variables without a value;
# - a `dynamic "node_to_node_encryption"` block whose `for_each` is known
#   only at apply time (it may well add the block);
# - a secondary replication group joining a global datastore, and a cache
#   cluster inside a replication group: both take the group's setting;
# - a Redis cache cluster on its own (the flag applies to Memcached
#   clusters and to replication groups);
# - an EMR configuration built from a variable.
variable "transit_encryption" {
  type = bool
}

variable "node_to_node" {
  type = list(object({ enabled = bool }))
}

variable "global_group_id" {
  type = string
}

variable "emr_in_transit" {
  type = bool
}

resource "aws_elasticache_replication_group" "from_variable" {
  replication_group_id       = "from-variable"
  description                = "setting from a variable"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = var.transit_encryption
}

resource "aws_elasticache_replication_group" "secondary" {
  replication_group_id        = "secondary"
  description                 = "joins a global datastore"
  global_replication_group_id = var.global_group_id
  num_cache_clusters          = 2
}

resource "aws_elasticache_cluster" "replica" {
  cluster_id           = "replica"
  replication_group_id = aws_elasticache_replication_group.from_variable.id
}

resource "aws_elasticache_cluster" "redis_alone" {
  cluster_id      = "redis-alone"
  engine          = "redis"
  node_type       = "cache.t4g.small"
  num_cache_nodes = 1
}

resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"

  dynamic "node_to_node_encryption" {
    for_each = var.node_to_node
    content {
      enabled = node_to_node_encryption.value.enabled
    }
  }
}

resource "aws_emr_security_configuration" "from_variable" {
  name = "from-variable"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = var.emr_in_transit
      EnableAtRestEncryption    = true
    }
  })
}
