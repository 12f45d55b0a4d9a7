# `module.label` is a registry module that is not downloaded, so
# `module.label.enabled` is unknown; but `unknown && false` is false (as in
# Terraform 1.12 and later), so `count` is 0: the security group is never
# created and its SSH rule is not a finding.
module "label" {
  source  = "cloudposse/label/null"
  version = "0.25.0"
}

variable "allow_ssh" {
  type    = bool
  default = false
}

resource "aws_security_group" "ssh" {
  count = module.label.enabled && var.allow_ssh ? 1 : 0
  name  = "ssh"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
