# Accepted risks, suppressed with a reason: above a block, and at the end
# of the line where the finding sits.
resource "aws_security_group" "sftp" {
  name        = "partner-sftp"
  description = "SFTP drop box for partners"
  vpc_id      = var.vpc_id

  # rampart:ignore NET001 reason: public SFTP endpoint, key-only auth, fail2ban (SEC-142)
  ingress {
    description = "SFTP"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "sftp_ipv6" {
  security_group_id = aws_security_group.sftp.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv6         = "::/0" # rampart:ignore NET001 reason: same SFTP endpoint over IPv6 (SEC-142)
}

variable "vpc_id" {
  type = string
}
