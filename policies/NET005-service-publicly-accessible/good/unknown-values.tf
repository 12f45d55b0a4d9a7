# Values known only after apply are not reported.
variable "public" {
  type = bool
}

variable "allowed_range_end" {
  type = string
}

resource "aws_db_instance" "app" {
  identifier          = "app"
  engine              = "mysql"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  publicly_accessible = var.public
}

resource "azurerm_mariadb_firewall_rule" "clients" {
  name                = "clients"
  resource_group_name = "db"
  server_name         = "app-mariadb"
  start_ip_address    = "0.0.0.0"
  end_ip_address      = var.allowed_range_end
}

resource "google_sql_database_instance" "replica" {
  name             = "replica"
  database_version = "POSTGRES_16"
  region           = "europe-west1"

  settings {
    tier = "db-f1-micro"

    ip_configuration {
      authorized_networks {
        name  = "nat"
        value = aws_eip.nat.public_ip
      }
    }
  }
}

resource "aws_eip" "nat" {
  domain = "vpc"
}
