variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "eu-west-1"
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

variable "vpc_id" {
  description = "VPC to deploy into."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets for the load balancer (two or more AZs)."
  type        = list(string)
}

variable "app_subnet_id" {
  description = "Private subnet for the instance."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate for the HTTPS listener."
  type        = string
}
