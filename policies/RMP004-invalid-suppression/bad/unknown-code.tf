# A mistyped code: the suppression hides nothing for it.
resource "aws_security_group" "bastion" {
  name = "bastion"

  # rampart:ignore NETT001 reason: jump host (SEC-142) # expect: RMP004
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
