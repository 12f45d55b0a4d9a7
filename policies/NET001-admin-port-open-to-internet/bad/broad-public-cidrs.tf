# Not literally 0.0.0.0/0, but still the internet: public ranges of /8 or
# wider (IPv4) and /32 or wider (IPv6). Splitting 0.0.0.0/0 into two /1
# halves does not hide it.
resource "aws_security_group" "ops" {
  name        = "ops-ssh"
  description = "SSH for the ops team"
  vpc_id      = var.vpc_id

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [
      "10.20.0.0/16",
      "1.0.0.0/8",   # expect: NET001
      "0.0.0.0/1",   # expect: NET001
      "128.0.0.0/1", # expect: NET001
    ]
    ipv6_cidr_blocks = ["2000::/3"] # expect: NET001
  }
}

variable "vpc_id" {
  type = string
}
