# A suppression without `expires:` never expires.
resource "aws_security_group" "sftp" {
  name = "sftp"

  # rampart:ignore NET001 reason: public SFTP drop box, key-only auth (SEC-142)
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
