# The fix for NET002: the load balancer's group takes 443 from the world,
# and the app port accepts traffic only from that group.
resource "aws_security_group" "lb" {
  name        = "lb"
  description = "Public load balancer"
  vpc_id      = var.vpc_id

  ingress {
    description      = "HTTPS"
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "Application servers"
  vpc_id      = var.vpc_id

  ingress {
    description     = "uvicorn from the load balancer"
    from_port       = 8000
    to_port         = 8000
    protocol        = "tcp"
    security_groups = [aws_security_group.lb.id]
  }
}

resource "aws_security_group_rule" "metrics_from_lb" {
  type                     = "ingress"
  security_group_id        = aws_security_group.app.id
  from_port                = 9100
  to_port                  = 9100
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.lb.id
}

resource "aws_vpc_security_group_ingress_rule" "admin_api_from_lb" {
  security_group_id            = aws_security_group.app.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  referenced_security_group_id = aws_security_group.lb.id
}

variable "vpc_id" {
  type = string
}
