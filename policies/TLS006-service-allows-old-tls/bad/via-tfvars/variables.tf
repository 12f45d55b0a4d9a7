variable "tls_policy" {
  type    = string
  default = "TLS_1_2"
}

variable "certificate_arn" {
  type = string
}
