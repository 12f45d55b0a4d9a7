# The document is a template rendered with templatefile(). The finding sits
# inside bucket-policy.json.tpl (line 6, listed in its .expect sidecar).
variable "bucket" {
  type    = string
  default = "nightly-exports"
}

resource "aws_iam_policy" "exports" {
  name   = "exports"
  policy = templatefile("${path.module}/bucket-policy.json.tpl", { bucket = var.bucket })
}
