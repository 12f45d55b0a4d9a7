# A Classic Load Balancer that listens on 22 (an SSH bastion pool behind
# it) is still an admin port open to the internet: listener ports excuse
# NET002 only, never the admin ports.
resource "aws_security_group" "elb" {
  name   = "bastion-elb"
  vpc_id = var.vpc_id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: NET001
  }

  ingress {
    from_port   = 2222
    to_port     = 2222
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_elb" "bastion" {
  name            = "bastion"
  subnets         = var.public_subnet_ids
  security_groups = [aws_security_group.elb.id]

  listener {
    lb_port           = 22
    lb_protocol       = "tcp"
    instance_port     = 22
    instance_protocol = "tcp"
  }

  listener {
    lb_port           = 2222
    lb_protocol       = "tcp"
    instance_port     = 22
    instance_protocol = "tcp"
  }
}

variable "vpc_id" {
  type = string
}

variable "public_subnet_ids" {
  type = list(string)
}
