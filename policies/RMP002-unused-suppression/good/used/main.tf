# A suppression that hides a finding is in use.
resource "aws_security_group" "bastion" {
  name = "bastion"

  # rampart:ignore NET001 reason: jump host, key-only auth (SEC-142)
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
