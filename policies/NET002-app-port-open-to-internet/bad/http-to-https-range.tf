# "Open 80 to 443" opens every port between them, 81 to 442 included.
resource "aws_security_group" "web" {
  name        = "web"
  description = "Web server"
  vpc_id      = var.vpc_id

  ingress {
    description = "HTTP and HTTPS"
    from_port   = 80
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: NET002
  }

  ingress {
    description = "HTTP only"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

variable "vpc_id" {
  type = string
}
