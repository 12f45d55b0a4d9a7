# ICMP (ping, path MTU discovery) from anywhere is not a port exposure and
# is ignored.
resource "aws_security_group" "web" {
  name        = "web"
  description = "Public web server"
  vpc_id      = var.vpc_id

  ingress {
    description = "Ping"
    from_port   = 8
    to_port     = 0
    protocol    = "icmp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "All ICMP"
    from_port   = -1
    to_port     = -1
    protocol    = "icmp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description      = "All ICMPv6"
    from_port        = -1
    to_port          = -1
    protocol         = "icmpv6"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "google_compute_firewall" "icmp" {
  name          = "allow-icmp"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "icmp"
  }
}

resource "azurerm_network_security_rule" "icmp" {
  name                        = "allow-icmp"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Icmp"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "Internet"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-web"
  network_security_group_name = "nsg-web"
}

variable "vpc_id" {
  type = string
}
