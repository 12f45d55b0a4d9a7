# Ingress written as an attribute (a list of objects) instead of blocks.
resource "aws_security_group" "windows" {
  name        = "windows"
  description = "Windows servers"
  vpc_id      = var.vpc_id

  ingress = [
    {
      description      = "RDP"
      from_port        = 3389
      to_port          = 3389
      protocol         = "tcp"
      cidr_blocks      = ["0.0.0.0/0"] # expect: NET001
      ipv6_cidr_blocks = []
      prefix_list_ids  = []
      security_groups  = []
      self             = false
    },
    {
      description      = "HTTPS"
      from_port        = 443
      to_port          = 443
      protocol         = "tcp"
      cidr_blocks      = ["0.0.0.0/0"]
      ipv6_cidr_blocks = []
      prefix_list_ids  = []
      security_groups  = []
      self             = false
    },
  ]
}

variable "vpc_id" {
  type = string
}
