# SQL Server with the minimum turned off, a managed instance at 1.0, and a
# PostgreSQL server that enforces SSL but allows TLS 1.0.
resource "azurerm_mssql_server" "erp" {
  name                         = "erp-sql"
  resource_group_name          = "rg-erp"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "erpadmin"
  administrator_login_password = var.admin_password
  minimum_tls_version          = "Disabled" # expect: TLS009
}

resource "azurerm_mssql_managed_instance" "legacy" {
  name                         = "legacy-mi"
  resource_group_name          = "rg-erp"
  location                     = "westeurope"
  license_type                 = "BasePrice"
  sku_name                     = "GP_Gen5"
  storage_size_in_gb           = 32
  subnet_id                    = var.subnet_id
  vcores                       = 4
  administrator_login          = "miadmin"
  administrator_login_password = var.admin_password
  minimum_tls_version          = "1.0" # expect: TLS009
}

resource "azurerm_postgresql_server" "orders" {
  name                             = "orders-db"
  location                         = "westeurope"
  resource_group_name              = "rg-orders"
  sku_name                         = "GP_Gen5_2"
  version                          = "11"
  ssl_enforcement_enabled          = true
  ssl_minimal_tls_version_enforced = "TLS1_0" # expect: TLS009
}

variable "admin_password" {
  type      = string
  sensitive = true
}

variable "subnet_id" {
  type = string
}
