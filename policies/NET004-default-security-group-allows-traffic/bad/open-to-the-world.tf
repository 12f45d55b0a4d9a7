# The default group opened to the internet: NET004 for the rule on the
# default group, and NET003 for every port open to the world.
resource "aws_default_security_group" "default" {
  vpc_id = "vpc-0a1b2c3d"

  ingress { # expect: NET004
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"] # expect: NET003
  }
}
