# Azure database firewall rules: the whole internet, a public range wider
# than a /8, and the "allow Azure services" rule (medium).
resource "azurerm_mssql_firewall_rule" "anyone" {
  name             = "anyone"
  server_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/db/providers/Microsoft.Sql/servers/orders"
  start_ip_address = "0.0.0.0"
  end_ip_address   = "255.255.255.255" # expect: NET005
}

resource "azurerm_postgresql_flexible_server_firewall_rule" "wide" {
  name             = "wide"
  server_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/db/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders"
  start_ip_address = "20.0.0.0"
  end_ip_address   = "40.255.255.255" # expect: NET005
}

resource "azurerm_mysql_flexible_server_firewall_rule" "azure_services" {
  name                = "AllowAllAzureServicesAndResourcesWithinAzureIps"
  resource_group_name = "db"
  server_name         = "orders-mysql"
  start_ip_address    = "0.0.0.0" # expect: NET005
  end_ip_address      = "0.0.0.0"
}

resource "azurerm_synapse_firewall_rule" "all" {
  name                 = "AllowAll"
  synapse_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dw/providers/Microsoft.Synapse/workspaces/dw"
  start_ip_address     = "0.0.0.0"
  end_ip_address       = "255.255.255.255" # expect: NET005
}
