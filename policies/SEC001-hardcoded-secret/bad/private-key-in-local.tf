# A private key pasted into a local (a one-line PEM with `\n` escapes): the
# header is enough to know what it is.
locals {
  deploy_key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n" # expect: SEC001
}

resource "github_repository_deploy_key" "infra" {
  title      = "infra"
  repository = "infra"
  key        = file("deploy.pub")
  read_only  = true
}
