# Google external HTTP load balancer: the forwarding rule serves an HTTP
# proxy whose URL map sends requests to the backend service. The scheme is
# left out (the provider's default is EXTERNAL). The finding sits on the
# proxy's `url_map`, once however many forwarding rules serve it.
resource "google_compute_global_forwarding_rule" "http" {
  name       = "web-http"
  target     = google_compute_target_http_proxy.web.id
  port_range = "80"
}

resource "google_compute_global_forwarding_rule" "http_ipv6" {
  name       = "web-http-ipv6"
  target     = google_compute_target_http_proxy.web.id
  port_range = "80"
  ip_version = "IPV6"
}

resource "google_compute_target_http_proxy" "web" {
  name    = "web-http"
  url_map = google_compute_url_map.web.id # expect: TLS001
}

resource "google_compute_url_map" "web" {
  name            = "web"
  default_service = google_compute_backend_service.web.id
}

resource "google_compute_backend_service" "web" {
  name     = "web"
  protocol = "HTTP"
}
