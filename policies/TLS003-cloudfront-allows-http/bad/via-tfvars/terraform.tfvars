# "The IoT devices can't do TLS."
viewer_protocol_policy = "allow-all"
