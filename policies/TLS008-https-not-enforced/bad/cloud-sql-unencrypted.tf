# Cloud SQL accepting unencrypted connections: through `ssl_mode`, and
# through the older `require_ssl` without an `ssl_mode`. The second has no
# public IP address, so it is low severity.
resource "google_sql_database_instance" "reporting" {
  name             = "reporting"
  database_version = "POSTGRES_15"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled = true
      ssl_mode     = "ALLOW_UNENCRYPTED_AND_ENCRYPTED" # expect: TLS008
    }
  }
}

resource "google_sql_database_instance" "ledger" {
  name             = "ledger"
  database_version = "MYSQL_8_0"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled    = false
      private_network = "projects/acme-prod/global/networks/main"
      require_ssl     = false # expect: TLS008
    }
  }
}
