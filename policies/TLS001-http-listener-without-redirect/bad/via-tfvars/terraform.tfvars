# "Until the certificate is issued."
listener_protocol = "HTTP"
