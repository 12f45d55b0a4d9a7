# An accepted exception, suppressed with a reason on the line above the
# resource: a throwaway cache for CI runs.
# rampart:ignore TLS007 reason: throwaway CI cache, no real data (PLAT-310)
resource "aws_elasticache_replication_group" "ci" {
  replication_group_id = "ci-cache"
  description          = "CI build cache"
  node_type            = "cache.t4g.micro"
  num_cache_clusters   = 1
}
