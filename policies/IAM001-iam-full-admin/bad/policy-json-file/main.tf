# The policy lives in a .json file beside the module, read with file().
# The finding sits inside admin.json (line 6, listed in admin.json.expect).
resource "aws_iam_policy" "admin" {
  name   = "admin-from-file"
  policy = file("${path.module}/admin.json")
}
