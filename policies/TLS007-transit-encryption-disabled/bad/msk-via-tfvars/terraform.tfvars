# "The old consumers cannot do TLS."
client_broker = "TLS_PLAINTEXT"
