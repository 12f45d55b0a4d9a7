variable "minimum_tls" {
  type    = string
  default = "TLSv1.2_2021"
}

variable "certificate_arn" {
  type = string
}
