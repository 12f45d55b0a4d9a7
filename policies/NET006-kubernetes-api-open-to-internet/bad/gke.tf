# GKE: no authorized networks at all (on the resource), and the internet
# among them.
resource "google_container_cluster" "open" { # expect: NET006
  name     = "open"
  location = "europe-west1"

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = "172.16.0.0/28"
  }
}

resource "google_container_cluster" "listed" {
  name     = "listed"
  location = "europe-west1"

  master_authorized_networks_config {
    cidr_blocks {
      cidr_block   = "203.0.113.0/24"
      display_name = "office"
    }
    cidr_blocks {
      cidr_block   = "0.0.0.0/0" # expect: NET006
      display_name = "everyone"
    }
  }
}
