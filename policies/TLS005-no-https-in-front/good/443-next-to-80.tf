# Port 443 is open to the world next to port 80: the module serves HTTPS
# (80 typically redirects). This is the shape of examples/fastapi-monolith.
variable "ami_id" {
  type = string
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "Public web server"

  ingress {
    description = "HTTP, redirected to HTTPS by Caddy"
    from_port   = 80
    to_port     = 80
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

resource "aws_instance" "web" {
  ami                    = var.ami_id
  instance_type          = "t3.small"
  vpc_security_group_ids = [aws_security_group.web.id]
}
