# A private endpoint, authorized networks that are not the internet, an
# authorized-networks block with no ranges (no external access), and IP
# endpoints turned off.
resource "google_container_cluster" "private" {
  name     = "private"
  location = "europe-west1"

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = true
    master_ipv4_cidr_block  = "172.16.0.0/28"
  }
}

resource "google_container_cluster" "authorized" {
  name     = "authorized"
  location = "europe-west1"

  master_authorized_networks_config {
    cidr_blocks {
      cidr_block   = "10.10.128.0/24"
      display_name = "internal"
    }
    cidr_blocks {
      cidr_block   = "203.0.113.0/24"
      display_name = "office"
    }
  }
}

resource "google_container_cluster" "closed" {
  name     = "closed"
  location = "europe-west1"

  master_authorized_networks_config {}
}

resource "google_container_cluster" "dns_only" {
  name     = "dns-only"
  location = "europe-west1"

  control_plane_endpoints_config {
    ip_endpoints_config {
      enabled = false
    }
  }
}
