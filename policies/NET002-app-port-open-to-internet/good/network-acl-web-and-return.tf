# A public subnet's network ACL as AWS documents it: the web ports from the
# internet, and the ephemeral range for the replies to the subnet's own
# connections (a stateless ACL needs it; the security groups decide which
# of those ports anything listens on). A DigitalOcean firewall on 80 and
# 443, and Lightsail ports without cidrs, which are not judged.
resource "aws_network_acl" "public" {
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 80
    to_port    = 80
    cidr_block = "0.0.0.0/0"
  }

  ingress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    from_port  = 443
    to_port    = 443
    cidr_block = "0.0.0.0/0"
  }

  # An application port in the ACL: a network ACL is defense in depth, and
  # which application ports a host serves is its security groups' call.
  ingress {
    rule_no    = 120
    action     = "allow"
    protocol   = "tcp"
    from_port  = 8080
    to_port    = 8080
    cidr_block = "0.0.0.0/0"
  }

  ingress {
    rule_no    = 140
    action     = "allow"
    protocol   = "tcp"
    from_port  = 1024
    to_port    = 65535
    cidr_block = "0.0.0.0/0"
  }

  ingress {
    rule_no         = 141
    action          = "allow"
    protocol        = "udp"
    from_port       = 32768
    to_port         = 65535
    ipv6_cidr_block = "::/0"
  }
}

resource "digitalocean_firewall" "web" {
  name = "web"
  tags = ["web"]

  inbound_rule {
    protocol         = "tcp"
    port_range       = "80"
    source_addresses = ["0.0.0.0/0", "::/0"]
  }

  inbound_rule {
    protocol         = "tcp"
    port_range       = "443"
    source_addresses = ["0.0.0.0/0", "::/0"]
  }

  inbound_rule {
    protocol         = "icmp"
    source_addresses = ["0.0.0.0/0", "::/0"]
  }
}

resource "aws_lightsail_instance_public_ports" "app" {
  instance_name = "app"

  port_info {
    protocol  = "tcp"
    from_port = 8000
    to_port   = 8000
  }
}
