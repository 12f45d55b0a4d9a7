# All traffic from another security group or a prefix list: neither is the
# internet.
resource "aws_ec2_managed_prefix_list" "corp" {
  name           = "corp"
  address_family = "IPv4"
  max_entries    = 5

  entry {
    cidr        = "10.8.0.0/16"
    description = "Corporate VPN"
  }
}

resource "aws_security_group" "monitoring" {
  name        = "monitoring"
  description = "Monitoring agents"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application server"
  vpc_id      = var.vpc_id

  ingress {
    from_port       = 0
    to_port         = 0
    protocol        = "-1"
    security_groups = [aws_security_group.monitoring.id]
  }

  ingress {
    from_port       = 0
    to_port         = 65535
    protocol        = "tcp"
    prefix_list_ids = [aws_ec2_managed_prefix_list.corp.id]
  }
}

resource "aws_vpc_security_group_ingress_rule" "all_from_monitoring" {
  security_group_id            = aws_security_group.app.id
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_security_group.monitoring.id
}

resource "aws_security_group_rule" "all_from_monitoring" {
  type                     = "ingress"
  security_group_id        = aws_security_group.app.id
  from_port                = 0
  to_port                  = 0
  protocol                 = "-1"
  source_security_group_id = aws_security_group.monitoring.id
}

variable "vpc_id" {
  type = string
}
