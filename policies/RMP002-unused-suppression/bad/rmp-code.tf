# Suppressions of RMP rules are judged too: without
# `[suppressions] require_reason`, RMP003 reports nothing to hide.
resource "aws_security_group" "bastion" {
  name = "bastion"

  # rampart:ignore RMP003 reason: legacy comments without reasons # expect: RMP002
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.8.0.0/16"]
  }
}
