# A policy pasted as one quoted JSON string, escapes and all. The finding
# sits on the escaped "*" action inside the string.
resource "aws_iam_policy" "pasted" {
  name   = "pasted-from-console"
  policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}" # expect: IAM001
}
