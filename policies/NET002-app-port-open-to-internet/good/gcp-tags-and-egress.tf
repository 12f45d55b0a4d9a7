# GCP: an app port reachable only from tagged load balancer instances, and
# egress to anywhere.
resource "google_compute_network" "main" {
  name = "main"
}

resource "google_compute_firewall" "api_from_proxy" {
  name        = "allow-api-from-proxy"
  network     = google_compute_network.main.name
  source_tags = ["proxy"]
  target_tags = ["api"]

  allow {
    protocol = "tcp"
    ports    = ["8000"]
  }
}

resource "google_compute_firewall" "api_out" {
  name               = "allow-api-egress"
  network            = google_compute_network.main.name
  direction          = "EGRESS"
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["8000-9000"]
  }
}

resource "google_compute_firewall" "health_checks" {
  name          = "allow-health-checks"
  network       = google_compute_network.main.name
  source_ranges = ["35.191.0.0/16", "130.211.0.0/22"]

  allow {
    protocol = "tcp"
    ports    = ["8000"]
  }
}
