locals {
  cache_auth = "redis-auth-token-0001" # expect: SEC001
}

variable "warehouse_admin" {
  type    = string
  default = "Warehouse-Admin-1" # expect: SEC001
}
