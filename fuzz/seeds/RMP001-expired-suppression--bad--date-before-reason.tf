# `expires:` may come before `reason:`.
resource "aws_security_group" "loadtest" {
  name = "loadtest"

  ingress {
    from_port = 8089
    to_port   = 8089
    protocol  = "tcp"
    # rampart:ignore NET002 expires: 2020-01-01 reason: locust UI for the load-test week # expect: RMP001
    cidr_blocks = ["0.0.0.0/0"]
  }
}
