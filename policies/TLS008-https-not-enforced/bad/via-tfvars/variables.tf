variable "https_only" {
  type    = bool
  default = true
}

variable "service_plan_id" {
  type = string
}
