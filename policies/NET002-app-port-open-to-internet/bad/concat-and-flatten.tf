# Sources assembled with concat, flatten, toset and tolist.
variable "office_cidrs" {
  type    = list(string)
  default = ["10.8.0.0/16"]
}

locals {
  public_cidrs = ["0.0.0.0/0"]
}

resource "aws_security_group" "api" {
  name        = "api"
  description = "API server"

  ingress {
    description = "Admin API"
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = concat(var.office_cidrs, ["0.0.0.0/0"]) # expect: NET002
  }

  ingress {
    description = "Metrics"
    from_port   = 9100
    to_port     = 9100
    protocol    = "tcp"
    cidr_blocks = tolist(toset(flatten([var.office_cidrs, local.public_cidrs]))) # expect: NET002
  }
}
