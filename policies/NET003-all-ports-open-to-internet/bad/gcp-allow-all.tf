# GCP: protocol "all", a protocol with no ports (all of its ports), and a
# rule with no source at all (GCP applies 0.0.0.0/0).
resource "google_compute_network" "main" {
  name = "main"
}

resource "google_compute_firewall" "allow_all" {
  name    = "allow-all"
  network = google_compute_network.main.name

  allow {
    protocol = "all"
  }

  source_ranges = ["0.0.0.0/0"] # expect: NET003
}

resource "google_compute_firewall" "all_tcp_ipv6" {
  name    = "allow-all-tcp-ipv6"
  network = google_compute_network.main.name

  allow {
    protocol = "tcp"
  }

  source_ranges = ["::/0"] # expect: NET003
}

resource "google_compute_firewall" "all_ports_range" {
  name    = "allow-all-ports"
  network = google_compute_network.main.name

  allow {
    protocol = "tcp"
    ports    = ["1-65535"]
  }

  source_ranges = ["0.0.0.0/0"] # expect: NET003
}

resource "google_compute_firewall" "no_source" {
  name        = "allow-everything-to-dev"
  network     = google_compute_network.main.name
  target_tags = ["dev"]

  allow { # expect: NET003
    protocol = "all"
  }
}
