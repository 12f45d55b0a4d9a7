# The boot script read with file() holds an access key. The finding sits on
# the argument that reads the file, where it can be suppressed if needed.
resource "aws_instance" "runner" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.small"
  user_data     = file("${path.module}/bootstrap.sh") # expect: SEC001
}
