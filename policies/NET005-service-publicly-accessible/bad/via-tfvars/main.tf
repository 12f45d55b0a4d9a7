# Values set in terraform.tfvars: the findings sit on the attributes, and
# the related locations show the tfvars lines.
resource "aws_db_instance" "app" {
  identifier          = "app"
  engine              = "mysql"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  publicly_accessible = var.db_public # expect: NET005
}

resource "azurerm_postgresql_firewall_rule" "clients" {
  name                = "clients"
  resource_group_name = "db"
  server_name         = "app-pg"
  start_ip_address    = var.client_range[0]
  end_ip_address      = var.client_range[1] # expect: NET005
}
