# The fix: the default group adopted with no rules (or empty rule lists),
# so it allows no traffic. Rules go on groups of their own.
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
}

resource "aws_default_security_group" "other" {
  vpc_id  = "vpc-0a1b2c3d"
  ingress = []
  egress  = []
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "App servers"
  vpc_id      = aws_vpc.main.id
}

resource "aws_security_group_rule" "https_from_vpc" {
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = [aws_vpc.main.cidr_block]
}
