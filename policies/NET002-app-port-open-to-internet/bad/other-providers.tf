# App ports open to the internet through a DigitalOcean firewall, a
# Neutron rule, an FWaaS rule and Lightsail ports.
resource "digitalocean_firewall" "api" {
  name = "api"
  tags = ["api"]

  inbound_rule {
    protocol         = "tcp"
    port_range       = "3000"
    source_addresses = ["0.0.0.0/0"] # expect: NET002
  }
}

resource "openstack_networking_secgroup_v2" "db" {
  name        = "db"
  description = "Database"
}

resource "openstack_networking_secgroup_rule_v2" "postgres" {
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 5432
  port_range_max    = 5432
  remote_ip_prefix  = "0.0.0.0/0" # expect: NET002
  security_group_id = openstack_networking_secgroup_v2.db.id
}

resource "openstack_fw_rule_v1" "metrics" { # expect: NET002
  name             = "metrics"
  action           = "allow"
  protocol         = "tcp"
  destination_port = "9100:9102"
}

resource "aws_lightsail_instance_public_ports" "app" {
  instance_name = "app"

  port_info {
    protocol  = "tcp"
    from_port = 8000
    to_port   = 8000
    cidrs     = ["0.0.0.0/0"] # expect: NET002
  }
}
