# ElastiCache without TLS: a replication group that leaves
# `transit_encryption_enabled` out (the provider sends false; the finding
# sits on the resource), one that turns it off, one in "preferred" mode
# (plain connections still accepted), and a Memcached cluster without it.
resource "aws_elasticache_replication_group" "sessions" { # expect: TLS007
  replication_group_id = "sessions"
  description          = "user sessions"
  engine               = "valkey"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 2
}

resource "aws_elasticache_replication_group" "jobs" {
  replication_group_id       = "jobs"
  description                = "job queue"
  engine                     = "redis"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = false # expect: TLS007
}

resource "aws_elasticache_replication_group" "migrating" {
  replication_group_id       = "migrating"
  description                = "moving clients to TLS"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
  transit_encryption_mode    = "preferred" # expect: TLS007
}

resource "aws_elasticache_cluster" "fragments" { # expect: TLS007
  cluster_id      = "fragments"
  engine          = "memcached"
  engine_version  = "1.6.22"
  node_type       = "cache.t4g.small"
  num_cache_nodes = 2
}
