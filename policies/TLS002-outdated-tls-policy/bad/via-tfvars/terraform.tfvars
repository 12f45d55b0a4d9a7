# "The old Android app can't do TLS 1.2."
ssl_policy = "ELBSecurityPolicy-TLS-1-0-2015-04"
