default_group_ingress = [8080]
