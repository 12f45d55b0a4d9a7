# A private cluster, and a public one limited to an office range.
resource "azurerm_kubernetes_cluster" "private" {
  name                    = "private"
  location                = "westeurope"
  resource_group_name     = "k8s"
  dns_prefix              = "private"
  private_cluster_enabled = true

  default_node_pool {
    name       = "default"
    node_count = 2
    vm_size    = "Standard_D2s_v5"
  }

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "authorized" {
  name                = "authorized"
  location            = "westeurope"
  resource_group_name = "k8s"
  dns_prefix          = "authorized"

  api_server_access_profile {
    authorized_ip_ranges = ["203.0.113.0/24"]
  }

  default_node_pool {
    name       = "default"
    node_count = 2
    vm_size    = "Standard_D2s_v5"
  }

  identity {
    type = "SystemAssigned"
  }
}
