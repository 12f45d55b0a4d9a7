# "Old point-of-sale terminals."
ssl_policy = "ELBSecurityPolicy-2015-05"
