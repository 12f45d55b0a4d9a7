# An exception that ended on 2020-01-01: it no longer hides anything, and
# the comment itself is reported.
resource "aws_security_group" "bastion" {
  name = "bastion"

  # rampart:ignore NET001 reason: until the VPN migration (OPS-12) expires: 2020-01-01 # expect: RMP001
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
