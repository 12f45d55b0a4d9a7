# A legacy VPC whose resources still rely on the default group, accepted
# with a reason until they move.
resource "aws_default_security_group" "legacy" {
  vpc_id = "vpc-0a1b2c3d"

  # rampart:ignore NET004 reason: legacy VPC, migration to own groups tracked in NET-311
  ingress {
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }
}
