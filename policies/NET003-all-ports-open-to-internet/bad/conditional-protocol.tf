# A debug switch, on by default, that turns an HTTPS rule into "allow all".
variable "debug" {
  type    = bool
  default = true
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application server"

  ingress {
    description = var.debug ? "Debug: everything" : "HTTPS"
    from_port   = var.debug ? 0 : 443
    to_port     = var.debug ? 0 : 443
    protocol    = var.debug ? "-1" : "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: NET003
  }
}
