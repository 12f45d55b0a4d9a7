# A TLS private key pasted into the configuration as a heredoc. The finding
# sits on the argument (the heredoc's first line), so its expectation is in
# private-key-heredoc.tf.expect.
resource "aws_iam_server_certificate" "legacy_portal" {
  name             = "legacy-portal-2019"
  certificate_body = file("${path.module}/legacy-portal.crt")

  private_key = <<-EOT
    -----BEGIN RSA PRIVATE KEY-----
    MIIEowIBAAKCAQEAexampleexampleexampleexampleexampleexampleexample
    -----END RSA PRIVATE KEY-----
  EOT
}
