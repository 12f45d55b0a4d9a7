# Members of the same group (self) and a managed prefix list are not the
# internet.
resource "aws_ec2_managed_prefix_list" "office" {
  name           = "office"
  address_family = "IPv4"
  max_entries    = 5

  entry {
    cidr        = "203.0.113.0/24"
    description = "Head office"
  }
}

resource "aws_security_group" "cluster" {
  name        = "cluster"
  description = "Cluster nodes"
  vpc_id      = var.vpc_id

  ingress {
    description = "SSH between nodes"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    self        = true
  }

  ingress {
    description     = "SSH from the office"
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    prefix_list_ids = [aws_ec2_managed_prefix_list.office.id]
  }
}

resource "aws_vpc_security_group_ingress_rule" "rdp_from_office" {
  security_group_id = aws_security_group.cluster.id
  ip_protocol       = "tcp"
  from_port         = 3389
  to_port           = 3389
  prefix_list_id    = aws_ec2_managed_prefix_list.office.id
}

variable "vpc_id" {
  type = string
}
