# The open range comes from public.auto.tfvars, which overrides
# terraform.tfvars.
resource "aws_security_group" "app" {
  name        = "app"
  description = "Application server"

  ingress {
    description = "Application"
    from_port   = var.app_port
    to_port     = var.app_port
    protocol    = "tcp"
    cidr_blocks = var.app_cidrs # expect: NET002
  }
}
