# RDP open over IPv4 and IPv6: one finding per internet source.
resource "aws_security_group" "windows_jump" {
  name        = "windows-jump"
  description = "Windows jump host"
  vpc_id      = var.vpc_id

  ingress {
    description      = "RDP"
    from_port        = 3389
    to_port          = 3389
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"] # expect: NET001
    ipv6_cidr_blocks = ["::/0"]      # expect: NET001
  }
}

variable "vpc_id" {
  type = string
}
