# Lightsail instance ports: SSH from anywhere.
resource "aws_lightsail_instance_public_ports" "blog" {
  instance_name = "blog"

  port_info {
    protocol  = "tcp"
    from_port = 22
    to_port   = 22
    cidrs     = ["0.0.0.0/0"] # expect: NET001
  }

  port_info {
    protocol  = "tcp"
    from_port = 443
    to_port   = 443
    cidrs     = ["0.0.0.0/0"]
  }
}
