# GCP firewalls. A rule with no source_ranges, source_tags or
# source_service_accounts applies to 0.0.0.0/0: its finding sits on the
# allow block.
resource "google_compute_network" "main" {
  name = "main"
}

resource "google_compute_firewall" "allow_ssh" {
  name    = "allow-ssh"
  network = google_compute_network.main.name

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }

  source_ranges = ["0.0.0.0/0"] # expect: NET001
  target_tags   = ["bastion"]
}

resource "google_compute_firewall" "allow_rdp" {
  name      = "allow-rdp"
  network   = google_compute_network.main.name
  direction = "INGRESS"

  allow { # expect: NET001
    protocol = "tcp"
    ports    = ["3389"]
  }

  target_tags = ["windows"]
}
