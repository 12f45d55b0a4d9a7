# WinRM (5985 HTTP, 5986 HTTPS) declared as admin ports in rampart.toml.
resource "aws_security_group" "windows" {
  name        = "windows-build-agents"
  description = "Windows build agents"

  ingress {
    description = "WinRM"
    from_port   = 5985
    to_port     = 5986
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: NET001
  }

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
