# Only NET001 is suppressed on this block: the NET002 part of the 20-25
# range is still reported.
resource "aws_security_group" "legacy_mail" {
  name        = "legacy-mail"
  description = "Old mail relay"

  # rampart:ignore NET001 reason: SSH is key-only and rate-limited (SEC-77)
  ingress {
    from_port   = 20
    to_port     = 25
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: NET002
  }
}
