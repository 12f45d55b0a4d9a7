variable "app_port" {
  type    = number
  default = 8000
}

variable "app_cidrs" {
  description = "Who may reach the application port directly."
  type        = list(string)
  default     = []
}
