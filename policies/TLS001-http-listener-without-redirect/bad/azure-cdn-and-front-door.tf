# Azure CDN and Front Door serving plain HTTP: a CDN endpoint that leaves
# `is_http_allowed` at its default (true) with no redirect rule, a Front
# Door route that turns the redirect off, and a classic Front Door routing
# rule that accepts `Http` (its default) and forwards it.
resource "azurerm_cdn_endpoint" "assets" { # expect: TLS001
  name                = "assets"
  profile_name        = "cdn-prod"
  location            = "global"
  resource_group_name = "rg-cdn"

  origin {
    name      = "storage"
    host_name = "assetsprod.blob.core.windows.net"
  }
}

resource "azurerm_cdn_frontdoor_route" "shop" {
  name                          = "shop"
  cdn_frontdoor_endpoint_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-cdn/providers/Microsoft.Cdn/profiles/fd/afdEndpoints/shop"
  cdn_frontdoor_origin_group_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-cdn/providers/Microsoft.Cdn/profiles/fd/originGroups/shop"
  cdn_frontdoor_origin_ids      = ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-cdn/providers/Microsoft.Cdn/profiles/fd/originGroups/shop/origins/app"]
  patterns_to_match             = ["/*"]
  supported_protocols           = ["Http", "Https"]
  https_redirect_enabled        = false # expect: TLS001
}

resource "azurerm_frontdoor" "legacy" {
  name                = "legacy-fd"
  resource_group_name = "rg-cdn"

  routing_rule {
    name               = "app"
    frontend_endpoints = ["legacy"]
    patterns_to_match  = ["/*"]
    accepted_protocols = ["Http", "Https"] # expect: TLS001

    forwarding_configuration {
      forwarding_protocol = "HttpsOnly"
      backend_pool_name   = "app"
    }
  }

  routing_rule { # expect: TLS001
    name               = "api"
    frontend_endpoints = ["legacy"]
    patterns_to_match  = ["/api/*"]

    forwarding_configuration {
      forwarding_protocol = "HttpsOnly"
      backend_pool_name   = "api"
    }
  }
}
