# The other clouds' HTTP frontends, each redirecting to HTTPS:
# DigitalOcean's `redirect_http_to_https` (port 80), an Application Gateway
# redirect configuration to the HTTPS listener, a CDN endpoint's redirect
# rule, a Front Door route with the default redirect, and a Google HTTP
# proxy whose URL map redirects.
resource "digitalocean_loadbalancer" "web" {
  name                   = "web"
  region                 = "ams3"
  redirect_http_to_https = true

  forwarding_rule {
    entry_port      = 80
    entry_protocol  = "http"
    target_port     = 8000
    target_protocol = "http"
  }

  forwarding_rule {
    entry_port       = 443
    entry_protocol   = "https"
    target_port      = 8000
    target_protocol  = "http"
    certificate_name = "web-cert"
  }

  droplet_tag = "web"
}

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

  frontend_port {
    name = "https"
    port = 443
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

  ssl_certificate {
    name                = "web"
    key_vault_secret_id = "https://kv-web.vault.azure.net/secrets/web"
  }

  http_listener {
    name                           = "http"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "http"
    protocol                       = "Http"
  }

  http_listener {
    name                           = "https"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "https"
    protocol                       = "Https"
    ssl_certificate_name           = "web"
  }

  redirect_configuration {
    name                 = "to-https"
    redirect_type        = "Permanent"
    target_listener_name = "https"
    include_path         = true
    include_query_string = true
  }

  request_routing_rule {
    name                        = "http"
    rule_type                   = "Basic"
    http_listener_name          = "http"
    redirect_configuration_name = "to-https"
    priority                    = 100
  }

  request_routing_rule {
    name                       = "https"
    rule_type                  = "Basic"
    http_listener_name         = "https"
    backend_address_pool_name  = "app"
    backend_http_settings_name = "app"
    priority                   = 200
  }
}

resource "azurerm_cdn_endpoint" "assets" {
  name                = "assets"
  profile_name        = "cdn-prod"
  location            = "global"
  resource_group_name = "rg-cdn"

  origin {
    name      = "storage"
    host_name = "assetsprod.blob.core.windows.net"
  }

  delivery_rule {
    name  = "httpsredirect"
    order = 1

    request_scheme_condition {
      operator     = "Equal"
      match_values = ["HTTP"]
    }

    url_redirect_action {
      redirect_type = "PermanentRedirect"
      protocol      = "Https"
    }
  }
}

resource "azurerm_cdn_frontdoor_route" "shop" {
  name                          = "shop"
  cdn_frontdoor_endpoint_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-cdn/providers/Microsoft.Cdn/profiles/fd/afdEndpoints/shop"
  cdn_frontdoor_origin_group_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-cdn/providers/Microsoft.Cdn/profiles/fd/originGroups/shop"
  cdn_frontdoor_origin_ids      = ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-cdn/providers/Microsoft.Cdn/profiles/fd/originGroups/shop/origins/app"]
  patterns_to_match             = ["/*"]
  supported_protocols           = ["Http", "Https"]
}

resource "google_compute_global_forwarding_rule" "http" {
  name       = "web-http"
  target     = google_compute_target_http_proxy.redirect.id
  port_range = "80"
}

resource "google_compute_target_http_proxy" "redirect" {
  name    = "web-http-redirect"
  url_map = google_compute_url_map.redirect.id
}

resource "google_compute_url_map" "redirect" {
  name = "web-https-redirect"

  default_url_redirect {
    https_redirect         = true
    redirect_response_code = "MOVED_PERMANENTLY_DEFAULT"
    strip_query            = false
  }
}
