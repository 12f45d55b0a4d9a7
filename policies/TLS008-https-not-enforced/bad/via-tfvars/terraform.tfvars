# The old monitoring vendor's health checker only speaks HTTP.
https_only = false
