# An internet-facing Network Load Balancer forwards 8080/TCP to the app.
# Its security group opens 8080 to the world because that is the
# listener's port: the load balancer exists to take that traffic.
resource "aws_security_group" "nlb" {
  name   = "game-nlb"
  vpc_id = var.vpc_id

  ingress {
    description = "game clients"
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "game" {
  name               = "game"
  load_balancer_type = "network"
  subnets            = var.public_subnet_ids
  security_groups    = [aws_security_group.nlb.id]
}

resource "aws_lb_listener" "game" {
  load_balancer_arn = aws_lb.game.arn
  port              = 8080
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = var.target_group_arn
  }
}

variable "vpc_id" {
  type = string
}

variable "public_subnet_ids" {
  type = list(string)
}

variable "target_group_arn" {
  type = string
}
