# "A partner's Java 6 client."
tls_policy = "TLS_1_0"
