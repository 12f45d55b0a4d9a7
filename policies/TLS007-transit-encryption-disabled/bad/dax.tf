# DynamoDB Accelerator clusters whose endpoint speaks clear text: one leaves
# `cluster_endpoint_encryption_type` out (the default is NONE), one says so.
variable "dax_role_arn" {
  type = string
}

resource "aws_dax_cluster" "catalog" { # expect: TLS007
  cluster_name       = "catalog"
  iam_role_arn       = var.dax_role_arn
  node_type          = "dax.r5.large"
  replication_factor = 3
}

resource "aws_dax_cluster" "carts" {
  cluster_name                     = "carts"
  iam_role_arn                     = var.dax_role_arn
  node_type                        = "dax.r5.large"
  replication_factor               = 3
  cluster_endpoint_encryption_type = "NONE" # expect: TLS007
}
