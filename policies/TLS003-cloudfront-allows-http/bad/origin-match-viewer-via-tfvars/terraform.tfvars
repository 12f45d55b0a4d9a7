# "Old barcode scanners cannot follow redirects."
legacy_viewer_policy = "allow-all"
