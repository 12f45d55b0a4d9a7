variable "min_tls_version" {
  type    = string
  default = "TLS1_2"
}
