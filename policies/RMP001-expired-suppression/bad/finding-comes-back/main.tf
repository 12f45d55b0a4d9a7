# After its date, an end-of-line suppression stops hiding the finding on its
# line, and is reported at the comment.
resource "aws_security_group" "demo" {
  name = "demo"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # rampart:ignore NET001 reason: trade-show demo expires: 2020-01-01 # expect: NET001, RMP001
  }
}
