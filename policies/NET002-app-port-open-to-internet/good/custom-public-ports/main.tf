# 8443 is declared a public port in rampart.toml.
resource "aws_security_group" "web" {
  name        = "web"
  description = "Public web server"

  ingress {
    description = "HTTPS on the alternate port"
    from_port   = 8443
    to_port     = 8443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
