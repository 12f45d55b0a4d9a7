# Application and database ports reachable from private networks only.
resource "aws_security_group" "db" {
  name        = "db"
  description = "Postgres"
  vpc_id      = var.vpc_id

  ingress {
    description      = "Postgres from the VPC"
    from_port        = 5432
    to_port          = 5432
    protocol         = "tcp"
    cidr_blocks      = ["10.0.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]
    ipv6_cidr_blocks = ["fd00::/8"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "api_from_vpn" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "tcp"
  from_port         = 8000
  to_port           = 8000
  cidr_ipv4         = "10.8.0.0/16"
}

resource "azurerm_network_security_rule" "api_from_vnet" {
  name                        = "allow-api-from-vnet"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "8000"
  source_address_prefix       = "VirtualNetwork"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-app"
  network_security_group_name = "nsg-app"
}

variable "vpc_id" {
  type = string
}
