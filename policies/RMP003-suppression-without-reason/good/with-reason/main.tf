# Every suppression gives its reason.
resource "aws_security_group" "bastion" {
  name = "bastion"

  # rampart:ignore NET001 reason: jump host, key-only auth, fail2ban (SEC-142)
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
