# Not public: a public-read ACL that S3 Block Public Access ignores, a
# private Space, a Lambda permission pinned to its bucket, a public function
# URL (a public HTTP endpoint by design), a public Cloud Run service (same),
# and a principal known only after apply.
resource "aws_s3_bucket" "legacy" {
  bucket = "example-legacy"
  acl    = "public-read"
}

resource "aws_s3_bucket_public_access_block" "legacy" {
  bucket             = aws_s3_bucket.legacy.id
  ignore_public_acls = true
  block_public_acls  = true
}

resource "digitalocean_spaces_bucket" "backups" {
  name   = "backups"
  region = "ams3"
}

resource "aws_lambda_permission" "s3" {
  statement_id   = "AllowS3"
  action         = "lambda:InvokeFunction"
  function_name  = "thumbnailer"
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::example-uploads"
  source_account = "111122223333"
}

resource "aws_lambda_permission" "url" {
  statement_id           = "FunctionURLAllowPublicAccess"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = "webhook"
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "google_cloud_run_service_iam_member" "public" {
  service  = "storefront"
  location = "europe-west1"
  role     = "roles/run.invoker"
  member   = "allUsers"
}

variable "caller" {
  type = string
}

resource "aws_lambda_permission" "from_variable" {
  statement_id  = "AllowCaller"
  action        = "lambda:InvokeFunction"
  function_name = "thumbnailer"
  principal     = var.caller
}

# The storage account forbids anonymous access to its containers.
resource "azurerm_storage_account" "shop" {
  name                            = "shopdata"
  resource_group_name             = "shop"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  allow_nested_items_to_be_public = false
}

resource "azurerm_storage_container" "exports" {
  name                  = "exports"
  storage_account_name  = azurerm_storage_account.shop.name
  container_access_type = "container"
}
