# Accepted risks, suppressed with a reason. Several codes are separated by
# commas; // comments work like #.
resource "aws_security_group" "game" {
  name        = "game-server"
  description = "Dedicated game server"

  // rampart:ignore NET001,NET002 reason: legacy relay, decommissioned in Q3 (OPS-310)
  ingress {
    from_port   = 20
    to_port     = 25
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "Game clients"
    from_port   = 7777
    to_port     = 7777
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # rampart:ignore NET002 reason: players connect directly by design
  }
}
