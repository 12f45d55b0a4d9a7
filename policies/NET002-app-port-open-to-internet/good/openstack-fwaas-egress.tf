# OpenStack FWaaS rules that serve egress: a firewall group uses their
# policy as its egress policy, so instances may resolve DNS and reach HTTPS
# on the internet; nothing reaches them from there. A v1 rule (no
# direction) whose destination is a public address is egress-like too.
resource "openstack_fw_rule_v2" "dns_out" {
  name                   = "dns-out"
  action                 = "allow"
  protocol               = "udp"
  destination_ip_address = "8.8.8.8"
  destination_port       = "53"
}

resource "openstack_fw_rule_v2" "https_out" {
  name                   = "https-out"
  action                 = "allow"
  protocol               = "tcp"
  destination_ip_address = "0.0.0.0/0"
  destination_port       = "443"
}

resource "openstack_fw_rule_v2" "app_out" {
  name             = "app-out"
  action           = "allow"
  protocol         = "tcp"
  destination_port = "8080"
}

resource "openstack_fw_rule_v2" "any_out" {
  name              = "any-out"
  action            = "allow"
  protocol          = "any"
  source_ip_address = "10.0.0.0/8"
}

resource "openstack_fw_policy_v2" "egress" {
  name = "egress"
  rules = [
    openstack_fw_rule_v2.dns_out.id,
    openstack_fw_rule_v2.https_out.id,
    openstack_fw_rule_v2.app_out.id,
    openstack_fw_rule_v2.any_out.id,
  ]
}

resource "openstack_fw_group_v2" "g" {
  name                      = "g"
  egress_firewall_policy_id = openstack_fw_policy_v2.egress.id
}

resource "openstack_fw_rule_v1" "ntp_out" {
  name                   = "ntp-out"
  action                 = "allow"
  protocol               = "udp"
  destination_ip_address = "198.51.100.123"
  destination_port       = "123"
}
