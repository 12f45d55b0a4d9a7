# One module in two files: the load balancer and its listener here, the
# security groups in network.tf. The module is judged as a whole: no file
# serves HTTPS, so TLS005 is reported once, on the first exposure in source
# order (lb.tf comes before network.tf), with the others as related
# locations.
resource "aws_lb" "shop" {
  name            = "shop"
  subnets         = var.public_subnet_ids
  security_groups = [aws_security_group.lb.id]
}

resource "aws_lb_target_group" "shop" {
  name     = "shop"
  port     = 8000
  protocol = "HTTP"
  vpc_id   = var.vpc_id
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.shop.arn
  port              = 80
  protocol          = "HTTP" # expect: TLS001, TLS005

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.shop.arn
  }
}
