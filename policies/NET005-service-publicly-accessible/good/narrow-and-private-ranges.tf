# Narrow public ranges (an office, a CI egress address) and private ranges
# are not the internet.
resource "aws_db_security_group" "legacy" {
  name = "legacy-db"

  ingress {
    cidr = "10.0.0.0/8"
  }
}

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
        name  = "ci"
        value = "198.51.100.17"
      }
    }
  }
}

resource "azurerm_mssql_firewall_rule" "office" {
  name             = "office"
  server_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/db/providers/Microsoft.Sql/servers/orders"
  start_ip_address = "203.0.113.0"
  end_ip_address   = "203.0.113.255"
}

resource "azurerm_mysql_firewall_rule" "vnet_range" {
  name                = "vnet"
  resource_group_name = "db"
  server_name         = "orders-mysql"
  start_ip_address    = "10.0.0.0"
  end_ip_address      = "10.255.255.255"
}
