resource "aws_security_group" "direct" {
  for_each = {
    api    = "0.0.0.0/0"
    worker = "0.0.0.0/0"
  }

  name = each.key

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [each.value]
  }
}

module "service" {
  source = "./modules/service"
  for_each = {
    api    = "0.0.0.0/0"
    worker = "0.0.0.0/0"
  }

  name = each.key
  cidr = each.value
}
