# A policy at TLS 1.1; one that leaves `min_tls_version` out (the provider's
# default is TLS_1_0: the finding sits on the resource); and one at TLS 1.2
# with the COMPATIBLE profile (low severity: weak cipher suites).
resource "google_compute_ssl_policy" "legacy_clients" {
  name            = "legacy-clients"
  profile         = "MODERN"
  min_tls_version = "TLS_1_1" # expect: TLS009
}

resource "google_compute_ssl_policy" "defaults" { # expect: TLS009
  name = "defaults"
}

resource "google_compute_region_ssl_policy" "compatible" {
  name            = "compatible"
  region          = "europe-west1"
  profile         = "COMPATIBLE" # expect: TLS009
  min_tls_version = "TLS_1_2"
}
