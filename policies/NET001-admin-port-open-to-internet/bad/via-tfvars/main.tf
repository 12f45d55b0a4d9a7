# The default of var.admin_cidrs is private; the open range comes from
# terraform.tfvars. Findings sit on the attributes that use the variable.
resource "aws_security_group" "jump" {
  name        = "jump-hosts"
  description = "SSH and RDP jump hosts"

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs # expect: NET001
  }

  ingress {
    description = "RDP"
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs # expect: NET001
  }
}
