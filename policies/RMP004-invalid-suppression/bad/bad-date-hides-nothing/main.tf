# "next quarter" is not a date: rather than hide the finding forever, the
# suppression hides nothing.
resource "aws_security_group" "demo" {
  name = "demo"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # rampart:ignore NET001 reason: demo expires: next quarter # expect: NET001, RMP004
  }
}
