# "Just for now, until we set up the VPN."
admin_cidr = "0.0.0.0/0"
ami_id     = "ami-0123456789abcdef0"
