# A throwaway credential for a local test container, accepted with a reason.
provider "postgresql" {
  host     = "localhost"
  port     = 5432
  username = "postgres"
  password = "postgres" # rampart:ignore SEC001 reason: local docker-compose test database only
}

# A finding inside a heredoc is suppressed from the line above its attribute.
resource "aws_instance" "docs_demo" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  # rampart:ignore SEC001 reason: AWS documentation example key, not a real credential
  user_data = <<-EOT
    #!/bin/bash
    echo "example key: AKIAIOSFODNN7EXAMPLE" > /etc/motd
  EOT
}
