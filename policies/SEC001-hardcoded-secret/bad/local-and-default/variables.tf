locals {
  cache_auth = "r3dis-Auth-7kQ9xW2m" # expect: SEC001
}

variable "warehouse_admin" {
  type    = string
  default = "Warehouse-Admin-1" # expect: SEC001
}
