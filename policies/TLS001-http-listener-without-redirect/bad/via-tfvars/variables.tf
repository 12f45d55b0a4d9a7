variable "listener_protocol" {
  description = "HTTPS (on 443) or HTTP (on 80)."
  type        = string
  default     = "HTTPS"
}

variable "public_subnet_ids" {
  type = list(string)
}

variable "vpc_id" {
  type = string
}

variable "certificate_arn" {
  type    = string
  default = null
}
