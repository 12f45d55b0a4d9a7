# The game port is public only with the prod tfvars. A suppression of RMP002
# on the line above keeps the NET002 comment although it hides nothing here.
resource "aws_security_group" "game" {
  name = "game"

  # rampart:ignore RMP002 reason: NET002 applies with prod.tfvars only (GAME-3)
  # rampart:ignore NET002 reason: players connect directly (GAME-3)
  ingress {
    from_port   = 7777
    to_port     = 7777
    protocol    = "udp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
