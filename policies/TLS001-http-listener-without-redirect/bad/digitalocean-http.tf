# DigitalOcean: an `http` forwarding rule without `redirect_http_to_https`
# (the provider's default is false), and one on port 8080 next to the
# redirect, which covers port 80 only.
resource "digitalocean_loadbalancer" "web" {
  name   = "web"
  region = "ams3"

  forwarding_rule {
    entry_port      = 80
    entry_protocol  = "http" # expect: TLS001
    target_port     = 8000
    target_protocol = "http"
  }

  droplet_tag = "web"
}

resource "digitalocean_loadbalancer" "admin" {
  name                   = "admin"
  region                 = "ams3"
  redirect_http_to_https = true

  forwarding_rule {
    entry_port      = 80
    entry_protocol  = "http"
    target_port     = 8000
    target_protocol = "http"
  }

  forwarding_rule {
    entry_port      = 8080
    entry_protocol  = "http" # expect: TLS001
    target_port     = 9000
    target_protocol = "http"
  }

  forwarding_rule {
    entry_port      = 443
    entry_protocol  = "https"
    target_port     = 8000
    target_protocol = "http"
    certificate_name = "admin-cert"
  }

  droplet_tag = "admin"
}
