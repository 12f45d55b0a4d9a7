# OpenStack: a Neutron security group rule with no remote_ip_prefix and no
# remote group matches every source address, and an FWaaS allow rule
# without source_ip_address does too.
resource "openstack_networking_secgroup_v2" "bastion" {
  name        = "bastion"
  description = "Bastion hosts"
}

resource "openstack_networking_secgroup_rule_v2" "ssh" { # expect: NET001
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  security_group_id = openstack_networking_secgroup_v2.bastion.id
}

resource "openstack_networking_secgroup_rule_v2" "rdp" {
  direction         = "ingress"
  ethertype         = "IPv6"
  protocol          = "tcp"
  port_range_min    = 3389
  port_range_max    = 3389
  remote_ip_prefix  = "::/0" # expect: NET001
  security_group_id = openstack_networking_secgroup_v2.bastion.id
}

resource "openstack_fw_rule_v2" "ssh" { # expect: NET001
  name             = "ssh-in"
  action           = "allow"
  protocol         = "tcp"
  destination_port = "22"
}

# A rule in the policy a firewall group uses for ingress is ingress even
# when its destination is a public (floating) address.
resource "openstack_fw_rule_v2" "rdp_to_floating_ip" {
  name                   = "rdp-in"
  action                 = "allow"
  protocol               = "tcp"
  source_ip_address      = "0.0.0.0/0" # expect: NET001
  destination_ip_address = "203.0.113.10"
  destination_port       = "3389"
}

resource "openstack_fw_policy_v2" "ingress" {
  name  = "ingress"
  rules = [openstack_fw_rule_v2.rdp_to_floating_ip.id]
}

resource "openstack_fw_group_v2" "edge" {
  name                       = "edge"
  ingress_firewall_policy_id = openstack_fw_policy_v2.ingress.id
}
