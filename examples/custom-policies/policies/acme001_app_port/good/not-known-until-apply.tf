# Sources rampart cannot know before apply are not guessed at: a variable
# without a value, and a group known only by the ID a variable gives.
variable "allowed_cidrs" {
  type = list(string)
}

variable "peer_group_id" {
  type = string
}

resource "aws_security_group" "worker" {
  name = "fastapi-worker"

  ingress {
    from_port   = 8000
    to_port     = 8000
    protocol    = "tcp"
    cidr_blocks = var.allowed_cidrs
  }

  ingress {
    from_port       = 8000
    to_port         = 8000
    protocol        = "tcp"
    security_groups = [var.peer_group_id]
  }
}
