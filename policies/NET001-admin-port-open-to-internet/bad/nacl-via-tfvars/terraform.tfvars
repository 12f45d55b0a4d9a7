ingress_rules = [
  { rule_no = 100, port = 22, cidr = "10.8.0.0/16" },
  { rule_no = 110, port = 22, cidr = "0.0.0.0/0" },
]
