# GCP firewalls: a port range, and one rule mixing an admin port with an
# app port.
resource "google_compute_network" "main" {
  name = "main"
}

resource "google_compute_firewall" "dev_servers" {
  name    = "allow-dev-servers"
  network = google_compute_network.main.name

  allow {
    protocol = "tcp"
    ports    = ["8000-8080"]
  }

  source_ranges = ["0.0.0.0/0"] # expect: NET002
}

resource "google_compute_firewall" "jupyter" {
  name    = "allow-jupyter"
  network = google_compute_network.main.name

  allow {
    protocol = "tcp"
    ports    = ["22", "8888"]
  }

  allow {
    protocol = "tcp"
    ports    = ["443"]
  }

  source_ranges = [
    "10.0.0.0/8",
    "0.0.0.0/0", # expect: NET001, NET002
  ]
}
