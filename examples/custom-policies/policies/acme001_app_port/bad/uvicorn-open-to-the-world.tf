# The FastAPI monolith as first shipped: uvicorn's port 8000 open to
# everyone, next to the public web ports.
resource "aws_security_group" "monolith" {
  name        = "fastapi-monolith"
  description = "FastAPI monolith"

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "uvicorn"
    from_port   = 8000
    to_port     = 8000
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: ACME001
  }
}
