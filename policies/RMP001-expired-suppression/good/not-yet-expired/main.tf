# The exception holds through its `expires` day.
resource "aws_security_group" "bastion" {
  name = "bastion"

  # rampart:ignore NET001 reason: until the VPN migration (OPS-12) expires: 2999-12-31
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
