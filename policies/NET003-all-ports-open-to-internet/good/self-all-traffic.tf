# All traffic between members of the same group: a cluster group.
# self = true is never the internet. (The same rule on the VPC's default
# group is NET004's.)
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "cluster" {
  name        = "cluster"
  description = "Cluster nodes talk to each other freely"
  vpc_id      = aws_vpc.main.id

  ingress {
    from_port = 0
    to_port   = 0
    protocol  = "-1"
    self      = true
  }
}
