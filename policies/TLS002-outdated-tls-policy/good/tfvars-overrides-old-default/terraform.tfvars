ssl_policy = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"
