variable "client_broker" {
  type    = string
  default = "TLS"
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type = list(string)
}
