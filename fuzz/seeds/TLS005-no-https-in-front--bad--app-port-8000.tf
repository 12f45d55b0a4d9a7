# uvicorn answering on 8000 straight from the internet, nothing in front.
# NET002 reports the open app port; TLS005 reports that nothing in the
# module serves HTTPS.
variable "ami_id" {
  type = string
}

resource "aws_security_group" "api" {
  name        = "api"
  description = "FastAPI"

  ingress {
    description = "uvicorn"
    from_port   = 8000
    to_port     = 8000
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: NET002, TLS005
  }
}

resource "aws_instance" "api" {
  ami                    = var.ami_id
  instance_type          = "t3.small"
  vpc_security_group_ids = [aws_security_group.api.id]
}
