variable "app_port" {
  type    = number
  default = 8000
}

variable "debug_cidrs" {
  type = list(string)
}
