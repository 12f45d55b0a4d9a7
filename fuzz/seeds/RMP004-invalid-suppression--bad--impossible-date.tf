# There is no 30 February: the suppression hides nothing until the date is
# fixed.
resource "aws_security_group" "bastion" {
  name = "bastion"

  # rampart:ignore NET001 reason: until the VPN migration expires: 2027-02-30 # expect: RMP004
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
