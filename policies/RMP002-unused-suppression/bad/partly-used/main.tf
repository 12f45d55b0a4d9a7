# Port 22 alone gets NET001 only: NET002 in the comment hides nothing.
resource "aws_security_group" "bastion" {
  name = "bastion"

  # rampart:ignore NET001, NET002 reason: jump host, key-only auth (SEC-142) # expect: RMP002
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
