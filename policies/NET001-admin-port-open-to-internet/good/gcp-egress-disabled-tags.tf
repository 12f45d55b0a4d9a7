# GCP firewalls that open nothing to the internet: egress, a disabled rule,
# a deny rule, and sources given as network tags or service accounts.
resource "google_compute_network" "main" {
  name = "main"
}

resource "google_compute_firewall" "ssh_out" {
  name               = "allow-ssh-egress"
  network            = google_compute_network.main.name
  direction          = "EGRESS"
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "ssh_break_glass" {
  name          = "allow-ssh-break-glass"
  network       = google_compute_network.main.name
  disabled      = true
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "deny_rdp" {
  name          = "deny-rdp"
  network       = google_compute_network.main.name
  priority      = 100
  source_ranges = ["0.0.0.0/0"]

  deny {
    protocol = "tcp"
    ports    = ["3389"]
  }
}

resource "google_compute_firewall" "ssh_from_bastion" {
  name        = "allow-ssh-from-bastion"
  network     = google_compute_network.main.name
  source_tags = ["bastion"]
  target_tags = ["app"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "ssh_from_ci" {
  name                    = "allow-ssh-from-ci"
  network                 = google_compute_network.main.name
  source_service_accounts = ["ci-runner@example-project.iam.gserviceaccount.com"]
  target_service_accounts = ["app@example-project.iam.gserviceaccount.com"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "ssh_from_iap" {
  name          = "allow-ssh-from-iap"
  network       = google_compute_network.main.name
  source_ranges = ["35.235.240.0/20"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
