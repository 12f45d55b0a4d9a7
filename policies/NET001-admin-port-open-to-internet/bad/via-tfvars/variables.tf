variable "admin_cidrs" {
  description = "Networks allowed to reach the jump hosts over SSH and RDP."
  type        = list(string)
  default     = ["10.8.0.0/16"]
}
