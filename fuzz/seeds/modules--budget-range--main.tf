locals {
  # More numbers than Terraform's range() produces (1024): Unknown, never
  # materialized.
  everything = range(1000000000)
  grid       = [for i in range(100000) : [for j in range(100000) : i * j]]
}

resource "aws_security_group" "admin" {
  name = "admin"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    # Open only if one of the ranges were (wrongly) known.
    cidr_blocks = length(local.everything) + length(local.grid) > 0 ? ["0.0.0.0/0"] : ["10.0.0.0/8"]
  }
}
