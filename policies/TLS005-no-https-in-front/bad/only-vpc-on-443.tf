# 443 is open, but only inside the VPC; the internet gets port 80 only.
# A 443 rule counts as HTTPS in front only when a public source can use it.
variable "ami_id" {
  type = string
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "Web server"

  ingress {
    description = "HTTP"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: TLS005
  }

  ingress {
    description = "HTTPS from the VPC"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}

resource "aws_instance" "web" {
  ami                    = var.ami_id
  instance_type          = "t3.small"
  vpc_security_group_ids = [aws_security_group.web.id]
}
