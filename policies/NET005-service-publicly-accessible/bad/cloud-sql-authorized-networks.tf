# Cloud SQL authorizing the internet: on a public IP (high), and on an
# instance without one today (medium, still reported).
resource "google_sql_database_instance" "orders" {
  name             = "orders"
  database_version = "POSTGRES_16"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      authorized_networks {
        name  = "office"
        value = "203.0.113.0/24"
      }
      authorized_networks {
        name  = "everyone"
        value = "0.0.0.0/0" # expect: NET005
      }
    }
  }
}

resource "google_sql_database_instance" "internal" {
  name             = "internal"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"

  settings {
    tier = "db-f1-micro"

    ip_configuration {
      ipv4_enabled    = false
      private_network = "projects/acme/global/networks/main"

      dynamic "authorized_networks" {
        for_each = ["0.0.0.0/1", "128.0.0.0/1"]
        content {
          name  = "half-${authorized_networks.key}"
          value = authorized_networks.value # expect: NET005
        }
      }
    }
  }
}
