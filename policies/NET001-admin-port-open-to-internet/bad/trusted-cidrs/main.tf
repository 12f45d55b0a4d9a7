# With trusted_cidrs set, any public source outside those ranges counts as
# the internet for admin ports, whatever its prefix length.
resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "Bastion host"

  # The office egress address, inside the trusted 203.0.113.0/24.
  ingress {
    description = "SSH from the office"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["203.0.113.10/32"]
  }

  # A contractor's home address: public and not trusted.
  ingress {
    description = "SSH from a contractor"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["198.51.100.7/32"] # expect: NET001
  }

  # Private sources are never the internet.
  ingress {
    description = "SSH from the VPN"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.8.0.0/16"]
  }

  # trusted_cidrs widens the admin-port check only: a single public
  # address on an application port is not the internet.
  ingress {
    description = "Debug API from a contractor"
    from_port   = 8000
    to_port     = 8000
    protocol    = "tcp"
    cidr_blocks = ["198.51.100.7/32"]
  }
}
