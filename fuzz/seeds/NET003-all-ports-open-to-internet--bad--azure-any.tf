# Azure: protocol "*" on every port, and every TCP port written as "*" and
# as "0-65535".
resource "azurerm_resource_group" "main" {
  name     = "rg-app"
  location = "westeurope"
}

resource "azurerm_network_security_group" "app" {
  name                = "nsg-app"
  location            = azurerm_resource_group.main.location
  resource_group_name = azurerm_resource_group.main.name

  security_rule {
    name                       = "allow-all-tcp"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "Internet" # expect: NET003
    destination_address_prefix = "*"
  }

  security_rule {
    name                       = "allow-port-range"
    priority                   = 120
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "0-65535"
    source_address_prefix      = "0.0.0.0/0" # expect: NET003
    destination_address_prefix = "*"
  }
}

resource "azurerm_network_security_rule" "allow_any" {
  name                        = "allow-any"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "*" # expect: NET003
  destination_address_prefix  = "*"
  resource_group_name         = azurerm_resource_group.main.name
  network_security_group_name = azurerm_network_security_group.app.name
}
