# A honeypot that must accept everything, suppressed with a reason.
resource "aws_security_group" "honeypot" {
  name        = "honeypot"
  description = "Research honeypot in an isolated account"

  # rampart:ignore NET003 reason: isolated research honeypot, no credentials on the host (SEC-9)
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "honeypot_ipv6" {
  security_group_id = aws_security_group.honeypot.id
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0" // rampart:ignore NET003 reason: same honeypot over IPv6 (SEC-9)
}
