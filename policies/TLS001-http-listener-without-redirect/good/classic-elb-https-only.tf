# A Classic Load Balancer with only an `https` listener.
variable "public_subnet_ids" {
  type = list(string)
}

variable "certificate_arn" {
  type = string
}

resource "aws_elb" "legacy" {
  name    = "legacy-web"
  subnets = var.public_subnet_ids

  listener {
    instance_port      = 8000
    instance_protocol  = "http"
    lb_port            = 443
    lb_protocol        = "https"
    ssl_certificate_id = var.certificate_arn
  }
}
