# The payment terminal's firmware only speaks TLS 1.0.
min_tls_version = "TLS1_0"
