# GCP: a disabled allow-all rule, and a deny-all rule from anywhere.
resource "google_compute_firewall" "allow_all_disabled" {
  name          = "allow-all-break-glass"
  network       = "default"
  disabled      = true
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "all"
  }
}

resource "google_compute_firewall" "deny_all" {
  name          = "deny-all-ingress"
  network       = "default"
  priority      = 65534
  source_ranges = ["0.0.0.0/0"]

  deny {
    protocol = "all"
  }
}
