# AKS: no authorized IP ranges, an empty list, and the internet among them.
resource "azurerm_kubernetes_cluster" "open" { # expect: NET006
  name                = "open"
  location            = "westeurope"
  resource_group_name = "k8s"
  dns_prefix          = "open"

  default_node_pool {
    name       = "default"
    node_count = 2
    vm_size    = "Standard_D2s_v5"
  }

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "empty" {
  name                    = "empty"
  location                = "westeurope"
  resource_group_name     = "k8s"
  dns_prefix              = "empty"
  private_cluster_enabled = false

  api_server_access_profile {
    authorized_ip_ranges = [] # expect: NET006
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

resource "azurerm_kubernetes_cluster" "legacy" {
  name                            = "legacy"
  location                        = "westeurope"
  resource_group_name             = "k8s"
  dns_prefix                      = "legacy"
  api_server_authorized_ip_ranges = ["0.0.0.0/0"] # expect: NET006

  default_node_pool {
    name       = "default"
    node_count = 2
    vm_size    = "Standard_D2s_v5"
  }

  identity {
    type = "SystemAssigned"
  }
}
