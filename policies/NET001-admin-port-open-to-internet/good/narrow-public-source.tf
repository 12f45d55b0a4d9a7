# A public /24 or a single public address is not "the internet" when
# network.trusted_cidrs is not set: only public ranges of /8 or wider
# (IPv4) and /32 or wider (IPv6) are.
resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "Bastion host"
  vpc_id      = var.vpc_id

  ingress {
    description      = "SSH from the office"
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    cidr_blocks      = ["203.0.113.0/24", "198.51.100.7/32"]
    ipv6_cidr_blocks = ["2001:db8:1234::/48"]
  }
}

variable "vpc_id" {
  type = string
}
