# The default group's rules come from a variable whose default is empty;
# terraform.tfvars gives it one.
resource "aws_default_security_group" "default" {
  vpc_id = var.vpc_id

  dynamic "ingress" {
    for_each = var.default_group_ingress
    content { # expect: NET004
      protocol    = "tcp"
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}
