# An internet-facing Application Load Balancer listening on 8080 with
# plain HTTP: its listener port is excused from NET002, but it is plain
# HTTP with no HTTPS anywhere, so TLS005 still holds (on the first
# exposure, the security group's line; the listener is related). TLS001
# reports the listener, which does not redirect to HTTPS.
resource "aws_security_group" "alb" {
  name   = "alb"
  vpc_id = var.vpc_id

  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: TLS005
  }
}

resource "aws_lb" "web" {
  name            = "web"
  subnets         = var.public_subnet_ids
  security_groups = [aws_security_group.alb.id]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 8080

  default_action { # expect: TLS001
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
