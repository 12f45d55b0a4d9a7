# The second rule's port is known only at apply time: it may well be 443,
# so rampart does not conclude that nothing serves HTTPS.
variable "tls_port" {
  description = "Port the TLS proxy listens on."
  type        = number
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "Web server"

  ingress {
    description = "HTTP"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "TLS proxy"
    from_port   = var.tls_port
    to_port     = var.tls_port
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
