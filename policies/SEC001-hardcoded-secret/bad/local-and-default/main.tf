# The literal is written in a local and in a variable default whose names do
# not say "secret"; it is reported where it is written, because that is where
# it has to be removed.
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "Session store"
  node_type                  = "cache.t4g.micro"
  transit_encryption_enabled = true
  auth_token                 = local.cache_auth
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
  master_username    = "warehouse"
  master_password    = var.warehouse_admin
}
