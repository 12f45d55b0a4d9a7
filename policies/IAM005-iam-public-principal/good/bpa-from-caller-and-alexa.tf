# A log bucket whose canned ACL is public-read, but whose Block Public
# Access flags come from the module's caller (known only at apply): they
# may block the ACL, so nothing is said. An Alexa skill trigger scoped by
# its skill ID (event_source_token), an API Gateway permission whose
# source_arn is known only after apply, and a permission disabled by count.
variable "block_public_acls" {
  type = bool
}

variable "bucket_name" {}

resource "aws_s3_bucket" "logs" {
  bucket = var.bucket_name
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = var.block_public_acls
  block_public_policy     = true
  ignore_public_acls      = var.block_public_acls
  restrict_public_buckets = true
}

resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.logs.id
  acl    = "public-read"
}

resource "aws_lambda_permission" "alexa" {
  statement_id       = "AllowAlexa"
  action             = "lambda:InvokeFunction"
  function_name      = "skill"
  principal          = "alexa-appkit.amazonaws.com"
  event_source_token = "amzn1.ask.skill.1234"
}

resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}

resource "aws_lambda_permission" "apigw" {
  statement_id  = "AllowAPIGateway"
  action        = "lambda:InvokeFunction"
  function_name = "skill"
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.api.execution_arn}/*/*"
}

resource "aws_lambda_permission" "off" {
  count         = 0
  action        = "lambda:InvokeFunction"
  function_name = "skill"
  principal     = "s3.amazonaws.com"
}
