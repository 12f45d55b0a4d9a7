# An auto scaling group whose launch template's security group opens 8080
# to the world (a separate rule resource). No HTTPS in the module.
variable "ami_id" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

resource "aws_security_group" "workers" {
  name        = "workers"
  description = "Tomcat workers"
  vpc_id      = var.vpc_id
}

resource "aws_security_group_rule" "tomcat" {
  type              = "ingress"
  security_group_id = aws_security_group.workers.id
  from_port         = 8080
  to_port           = 8080
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] # expect: NET002, TLS005
}

resource "aws_launch_template" "workers" {
  name_prefix            = "workers-"
  image_id               = var.ami_id
  instance_type          = "t3.medium"
  vpc_security_group_ids = [aws_security_group.workers.id]
}

resource "aws_autoscaling_group" "workers" {
  min_size            = 2
  max_size            = 6
  vpc_zone_identifier = var.subnet_ids

  launch_template {
    id      = aws_launch_template.workers.id
    version = "$Latest"
  }
}
