module "firewall" {
  source = "./modules/firewall"
  for_each = {
    office = "203.0.113.0/24"
    public = "0.0.0.0/0"
    vpn    = "10.8.0.0/16"
  }

  name = each.key
  cidr = each.value
}
