# Every port from anywhere on DigitalOcean and OpenStack: a firewall rule
# on 1-65535, a Neutron rule with no protocol (any) and an FWaaS rule with
# protocol any and no source.
resource "digitalocean_firewall" "debug" {
  name = "debug"
  tags = ["debug"]

  inbound_rule {
    protocol         = "tcp"
    port_range       = "1-65535"
    source_addresses = ["0.0.0.0/0"] # expect: NET003
  }
}

resource "openstack_networking_secgroup_v2" "debug" {
  name        = "debug"
  description = "Debug hosts"
}

resource "openstack_networking_secgroup_rule_v2" "any" {
  direction         = "ingress"
  ethertype         = "IPv4"
  remote_ip_prefix  = "0.0.0.0/0" # expect: NET003
  security_group_id = openstack_networking_secgroup_v2.debug.id
}

resource "openstack_fw_rule_v2" "any" { # expect: NET003
  name     = "allow-any"
  action   = "allow"
  protocol = "any"
}
