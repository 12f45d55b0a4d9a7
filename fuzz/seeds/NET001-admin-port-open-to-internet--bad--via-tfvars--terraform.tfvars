# Someone added 0.0.0.0/0 "until the VPN is fixed".
admin_cidrs = ["10.8.0.0/16", "0.0.0.0/0"]
