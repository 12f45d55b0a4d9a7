# A web server on one instance, port 80 open to the world, and no HTTPS
# anywhere: no load balancer listener, no 443, no CloudFront.
variable "ami_id" {
  type = string
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "Public web server"

  ingress {
    description = "HTTP"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: TLS005
  }
}

resource "aws_instance" "web" {
  ami                    = var.ami_id
  instance_type          = "t3.small"
  vpc_security_group_ids = [aws_security_group.web.id]
}
