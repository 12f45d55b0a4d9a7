# Codes (in any case) and rule names both work.
resource "aws_security_group" "relay" {
  name = "relay"

  # rampart:ignore admin-port-open-to-internet reason: legacy mail relay (OPS-310)
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 2525
    to_port     = 2525
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] // rampart:ignore net002 reason: partner relay (OPS-310) expires: 2999-12-31
  }
}
