# "Older smart TVs."
minimum_tls = "TLSv1.1_2016"
