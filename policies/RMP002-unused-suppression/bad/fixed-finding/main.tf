# SSH was moved behind the VPN; the suppression stayed and now hides nothing.
resource "aws_security_group" "bastion" {
  name = "bastion"

  # rampart:ignore NET001 reason: jump host (OPS-12) # expect: RMP002
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.8.0.0/16"]
  }
}
