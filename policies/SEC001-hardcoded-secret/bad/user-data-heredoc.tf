# Credentials exported in a boot script. In a heredoc the finding points at
# the line holding the key, not at the whole script (the expectation is in
# user-data-heredoc.tf.expect, since a comment would become part of it).
resource "aws_instance" "worker" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  user_data = <<-EOT
    #!/bin/bash
    set -euo pipefail
    export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
    aws s3 cp s3://example-config/worker.env /etc/worker.env
    systemctl start worker
  EOT
}
