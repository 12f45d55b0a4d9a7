# With `require_reason`, every suppression says why. An empty `reason:` (as
# the editor's quick fix leaves it) is no reason either.
resource "aws_security_group" "bastion" {
  name = "bastion"

  # rampart:ignore NET001 # expect: RMP003
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # rampart:ignore NET001 reason: # expect: RMP003
  }
}
