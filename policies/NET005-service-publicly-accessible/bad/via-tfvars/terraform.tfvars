db_public    = true
client_range = ["0.0.0.0", "255.255.255.255"]
