# An EMR security configuration written with jsonencode that turns in-transit
# encryption off: the finding sits on the value.
resource "aws_emr_security_configuration" "batch" {
  name = "batch"

  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false # expect: TLS007
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = {
          EncryptionMode = "SSE-S3"
        }
      }
    }
  })
}
