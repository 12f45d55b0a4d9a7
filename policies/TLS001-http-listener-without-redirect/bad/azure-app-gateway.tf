# Azure Application Gateway: the `Http` listener's routing rule sends
# requests to the backend pool instead of a redirect to the HTTPS listener.
resource "azurerm_application_gateway" "web" {
  name                = "web-gateway"
  resource_group_name = "rg-web"
  location            = "westeurope"

  sku {
    name     = "Standard_v2"
    tier     = "Standard_v2"
    capacity = 2
  }

  gateway_ip_configuration {
    name      = "gateway"
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.Network/virtualNetworks/main/subnets/gateway"
  }

  frontend_ip_configuration {
    name                 = "public"
    public_ip_address_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.Network/publicIPAddresses/web"
  }

  frontend_port {
    name = "http"
    port = 80
  }

  backend_address_pool {
    name = "app"
  }

  backend_http_settings {
    name                  = "app"
    cookie_based_affinity = "Disabled"
    port                  = 8080
    protocol              = "Http"
    request_timeout       = 30
  }

  http_listener {
    name                           = "http"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "http"
    protocol                       = "Http" # expect: TLS001
  }

  request_routing_rule {
    name                       = "http"
    rule_type                  = "Basic"
    http_listener_name         = "http"
    backend_address_pool_name  = "app"
    backend_http_settings_name = "app"
    priority                   = 100
  }
}
