# A "legacy FTP, SSH, telnet and SMTP" range. Port 22 is an admin port
# (NET001); 20, 21, 23, 24 and 25 are other non-public ports (NET002).
# Both findings sit on the same source.
resource "aws_security_group" "legacy_mail" {
  name        = "legacy-mail"
  description = "Old mail relay"
  vpc_id      = var.vpc_id

  ingress {
    from_port   = 20
    to_port     = 25
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: NET001, NET002
  }
}

variable "vpc_id" {
  type = string
}
