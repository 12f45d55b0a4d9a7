# SSH and RDP from known places only: an EKS node group that names its
# source security groups (and one without a key), a DigitalOcean firewall
# and Lightsail ports with private or narrow sources, OpenStack rules with a
# remote group or prefix, and an FWaaS rule that denies.
variable "bastion_sg" {
  description = "Known only at apply time."
  type        = string
}

resource "aws_eks_node_group" "workers" {
  cluster_name    = "prod"
  node_group_name = "workers"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-nodes"
  subnet_ids      = ["subnet-0a1b2c3d"]

  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 1
  }

  remote_access {
    ec2_ssh_key               = "ops"
    source_security_group_ids = [var.bastion_sg]
  }
}

resource "aws_eks_node_group" "batch" {
  cluster_name    = "prod"
  node_group_name = "batch"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-nodes"
  subnet_ids      = ["subnet-0a1b2c3d"]

  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 0
  }

  remote_access {
    ec2_ssh_key = null
  }
}

resource "digitalocean_firewall" "web" {
  name        = "web"
  droplet_ids = [12345678]

  inbound_rule {
    protocol         = "tcp"
    port_range       = "22"
    source_addresses = ["192.168.1.0/24", "fc00::/7"]
  }

  inbound_rule {
    protocol    = "tcp"
    port_range  = "3389"
    source_tags = ["bastion"]
  }
}

resource "aws_lightsail_instance_public_ports" "blog" {
  instance_name = "blog"

  port_info {
    protocol          = "tcp"
    from_port         = 22
    to_port           = 22
    cidr_list_aliases = ["lightsail-connect"]
  }

  port_info {
    protocol  = "tcp"
    from_port = 3389
    to_port   = 3389
    cidrs     = ["203.0.113.10/32"]
  }
}

resource "openstack_networking_secgroup_v2" "app" {
  name        = "app"
  description = "App servers"
}

resource "openstack_networking_secgroup_rule_v2" "ssh_from_bastion" {
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_group_id   = openstack_networking_secgroup_v2.app.id
  security_group_id = openstack_networking_secgroup_v2.app.id
}

resource "openstack_networking_secgroup_rule_v2" "ssh_out" {
  direction         = "egress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  security_group_id = openstack_networking_secgroup_v2.app.id
}

resource "openstack_fw_rule_v1" "telnet" {
  name             = "drop-telnet"
  action           = "deny"
  protocol         = "tcp"
  destination_port = "23"
}

resource "openstack_fw_rule_v2" "ssh_vpn" {
  name              = "ssh-from-vpn"
  action            = "allow"
  protocol          = "tcp"
  source_ip_address = "10.8.0.0/16"
  destination_port  = "22"
}
