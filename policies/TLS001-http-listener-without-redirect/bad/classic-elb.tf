# A Classic Load Balancer cannot redirect, so its `http` listener serves the
# app over plain HTTP next to the `https` one.
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
    instance_port     = 8000
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http" # expect: TLS001
  }

  listener {
    instance_port      = 8000
    instance_protocol  = "http"
    lb_port            = 443
    lb_protocol        = "https"
    ssl_certificate_id = var.certificate_arn
  }
}
