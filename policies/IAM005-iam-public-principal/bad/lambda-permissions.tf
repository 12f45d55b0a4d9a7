# Lambda permissions: anyone may call the function (high), and S3 may invoke
# it for any account's bucket (medium: a confused deputy).
resource "aws_lambda_permission" "anyone" {
  statement_id  = "AllowAnyone"
  action        = "lambda:InvokeFunction"
  function_name = "thumbnailer"
  principal     = "*" # expect: IAM005
}

resource "aws_lambda_permission" "s3" {
  statement_id  = "AllowS3"
  action        = "lambda:InvokeFunction"
  function_name = "thumbnailer"
  principal     = "s3.amazonaws.com" # expect: IAM005
}
