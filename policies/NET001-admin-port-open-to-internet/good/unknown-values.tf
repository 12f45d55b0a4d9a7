# Values that cannot be known before apply are never reported: a resource
# attribute and a variable with no default and no value.
variable "admin_cidr" {
  description = "Set per environment at apply time."
  type        = string
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "admin" {
  name        = "admin"
  description = "Admin access"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "SSH from inside the VPC"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }

  ingress {
    description = "RDP from the admin network"
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}

# The same for a network ACL entry and an OpenStack rule.
resource "aws_network_acl_rule" "ssh" {
  network_acl_id = "acl-0a1b2c3d"
  rule_number    = 100
  protocol       = "tcp"
  rule_action    = "allow"
  from_port      = 22
  to_port        = 22
  cidr_block     = var.admin_cidr
}

resource "openstack_networking_secgroup_rule_v2" "ssh" {
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = var.admin_cidr
  security_group_id = "0d7a1f6e-3c1b-4f52-9a31-5b7b2c0d9e11"
}
