# Protocol -1 opens every protocol and every port. AWS ignores from_port
# and to_port for -1, so "-1 on port 22" still opens everything.
resource "aws_security_group" "debug" {
  name        = "debug"
  description = "Temporary debugging access"
  vpc_id      = var.vpc_id

  ingress {
    description      = "Everything"
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"] # expect: NET003
    ipv6_cidr_blocks = ["::/0"]      # expect: NET003
  }

  ingress {
    description = "Meant to be SSH only"
    from_port   = 22
    to_port     = 22
    protocol    = "-1"
    cidr_blocks = ["1.0.0.0/8"] # expect: NET003
  }
}

variable "vpc_id" {
  type = string
}
