variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "eu-west-1"
}

variable "admin_cidr" {
  description = "CIDR allowed to SSH to the instance."
  type        = string
}

variable "app_port" {
  description = "Port uvicorn listens on."
  type        = number
  default     = 8000
}

variable "ami_id" {
  description = "AMI for the instance (Ubuntu or Amazon Linux with Python 3)."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type."
  type        = string
  default     = "t3.small"
}
