# iam:CreateAccessKey on every user: create keys for an administrator.
# The policy is one quoted JSON string; the finding sits inside it.
resource "aws_iam_policy" "key_rotation" {
  name   = "key-rotation"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:CreateAccessKey\", \"Resource\": \"*\"}]}" # expect: IAM003
}
