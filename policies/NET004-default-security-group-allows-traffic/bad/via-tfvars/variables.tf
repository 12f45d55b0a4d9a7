variable "vpc_id" {
  type    = string
  default = "vpc-0a1b2c3d"
}

variable "default_group_ingress" {
  description = "Ports opened on the VPC's default security group."
  type        = list(number)
  default     = []
}
