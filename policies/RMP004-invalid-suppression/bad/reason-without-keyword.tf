# The reason must follow `reason:`; otherwise its words read as rule codes.
resource "aws_security_group" "bastion" {
  name = "bastion"

  # rampart:ignore NET001 jump host # expect: RMP004
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
