# Modules whose redirect comes from the caller through a dynamic block
# known only at apply: an Azure CDN endpoint's delivery rules (the
# HTTP-to-HTTPS redirect among them), an ALB listener's default action and
# a Google URL map's redirect. How many blocks there will be is not known,
# so their absence is not a finding.
variable "delivery_rules" {
  type = list(object({ name = string, order = number }))
}

resource "azurerm_cdn_endpoint" "ep" {
  name                = "ep"
  profile_name        = "prof"
  location            = "global"
  resource_group_name = "rg"

  origin {
    name      = "o"
    host_name = "www.example.com"
  }

  dynamic "delivery_rule" {
    for_each = var.delivery_rules
    content {
      name  = delivery_rule.value.name
      order = delivery_rule.value.order
      request_scheme_condition {
        match_values = ["HTTP"]
        operator     = "Equal"
      }
      url_redirect_action {
        redirect_type = "PermanentRedirect"
        protocol      = "Https"
      }
    }
  }
}

variable "default_actions" {
  type = any
}

resource "aws_lb" "web" {
  name     = "web"
  internal = false
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  dynamic "default_action" {
    for_each = var.default_actions
    content {
      type = default_action.value.type
    }
  }
}

variable "redirects" {
  type = any
}

resource "google_compute_url_map" "web" {
  name            = "web"
  default_service = "projects/p/global/backendServices/b"

  dynamic "default_url_redirect" {
    for_each = var.redirects
    content {
      https_redirect = true
      strip_query    = false
    }
  }
}

resource "google_compute_target_http_proxy" "web" {
  name    = "web"
  url_map = google_compute_url_map.web.self_link
}

resource "google_compute_global_forwarding_rule" "http" {
  name       = "http"
  target     = google_compute_target_http_proxy.web.self_link
  port_range = "80"
}
