variable "db_public" {
  type    = bool
  default = false
}

variable "client_range" {
  type = list(string)
}
