# An own-line suppression must sit directly above the block or attribute it
# is for; with a blank line in between it covers nothing.
resource "aws_security_group" "bastion" {
  name = "bastion"

  # rampart:ignore NET001 reason: jump host (SEC-142) # expect: RMP002

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.8.0.0/16"]
  }
}
