variable "vpc_id" {
  type    = string
  default = "vpc-0a1b2c3d"
}

variable "ingress_rules" {
  description = "Ports the ops subnet accepts, and from where."
  type = list(object({
    rule_no = number
    port    = number
    cidr    = string
  }))
  default = [{ rule_no = 100, port = 22, cidr = "10.8.0.0/16" }]
}
