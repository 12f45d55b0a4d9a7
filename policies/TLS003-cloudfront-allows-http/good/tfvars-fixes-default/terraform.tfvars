viewer_protocol_policy = "redirect-to-https"
