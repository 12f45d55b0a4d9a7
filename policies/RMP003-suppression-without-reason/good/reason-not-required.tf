# Without `[suppressions] require_reason = true`, a reason is optional.
resource "aws_security_group" "bastion" {
  name = "bastion"

  # rampart:ignore NET001
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
