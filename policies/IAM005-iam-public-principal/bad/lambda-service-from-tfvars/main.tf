# The principal comes from terraform.tfvars.
variable "invoker" {
  type    = string
  default = "events.amazonaws.com"
}

resource "aws_lambda_permission" "events" {
  statement_id  = "AllowInvoker"
  action        = "lambda:InvokeFunction"
  function_name = "nightly-report"
  principal     = var.invoker # expect: IAM005
}
