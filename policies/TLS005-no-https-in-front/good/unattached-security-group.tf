# A security group on its own, attached to nothing in this module (it is
# handed to another module as an output): there is no stack to judge here.
# NET rules still check the ingress itself; port 80 is a public port.
resource "aws_security_group" "web" {
  name        = "web"
  description = "Shared web security group"

  ingress {
    description = "HTTP"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

output "web_security_group_id" {
  value = aws_security_group.web.id
}
