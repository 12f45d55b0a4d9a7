# Variables and arguments named after a secret that hold where the secret is
# kept, not the secret: SSM parameter paths, Secrets Manager names, and the
# key of a secret inside a secret store. A path or a kebab/snake name does
# not look like a credential, whatever the variable is called.
variable "ssm_github_api_key" {
  description = "SSM parameter holding the GitHub API key for Argo CD."
  default     = "/argocd/github/api_key"
}

variable "db_password" {
  description = "Secrets Manager secret holding the admin password."
  default     = "admin/db_password"
}

data "aws_ssm_parameter" "github_api_key" {
  name = var.ssm_github_api_key
}

resource "aws_ssm_parameter" "feeds_api_key" {
  name  = "/feeds/prod/api_key"
  type  = "SecureString"
  value = data.aws_ssm_parameter.github_api_key.value
}

resource "kubernetes_secret" "feeds" {
  metadata {
    name = "feeds"
  }
  data = {
    # The key under which the API key is stored in the Kubernetes secret.
    api_key_secret_key = "feeds-api-key"
  }
}
