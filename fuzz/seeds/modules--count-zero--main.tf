module "ssh" {
  source = "./modules/ssh"
  count  = 0

  cidr = "0.0.0.0/0"
}
