# Private and reserved ranges are never the internet.
resource "aws_security_group" "internal_admin" {
  name        = "internal-admin"
  description = "Admin access from internal networks"
  vpc_id      = var.vpc_id

  ingress {
    description      = "SSH from the VPC, the VPN and the office LAN"
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    cidr_blocks      = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]
    ipv6_cidr_blocks = ["fd00::/8"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "rdp_from_vpn" {
  security_group_id = aws_security_group.internal_admin.id
  ip_protocol       = "tcp"
  from_port         = 3389
  to_port           = 3389
  cidr_ipv4         = "10.8.0.0/16"
}

variable "vpc_id" {
  type = string
}
