# Rules added to the default group by rule resources: through the VPC's
# default_security_group_id, or the aws_default_security_group's id.
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group_rule" "https_from_vpc" {
  type              = "ingress"
  security_group_id = aws_vpc.main.default_security_group_id # expect: NET004
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["10.0.0.0/16"]
}

resource "aws_vpc_security_group_ingress_rule" "postgres_from_vpc" {
  security_group_id = aws_default_security_group.default.id # expect: NET004
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = "10.0.0.0/16"
}

resource "aws_vpc_security_group_egress_rule" "all_out" {
  security_group_id = aws_default_security_group.default.id # expect: NET004
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}
