# A DigitalOcean cloud firewall that opens SSH to every IPv4 and IPv6
# address.
resource "digitalocean_firewall" "web" {
  name        = "web"
  droplet_ids = [12345678]

  inbound_rule {
    protocol         = "tcp"
    port_range       = "22"
    source_addresses = ["0.0.0.0/0", "::/0"] # expect: NET001
  }

  inbound_rule {
    protocol         = "tcp"
    port_range       = "443"
    source_addresses = ["0.0.0.0/0", "::/0"]
  }
}
