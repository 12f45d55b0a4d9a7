# The same in a heredoc: the finding sits on the JSON value, whose line is
# in emr-heredoc.tf.expect (a comment there would be part of the string).
resource "aws_emr_security_configuration" "analytics" {
  name = "analytics"

  configuration = <<EOF
{
  "EncryptionConfiguration": {
    "EnableInTransitEncryption": false,
    "EnableAtRestEncryption": true,
    "AtRestEncryptionConfiguration": {
      "S3EncryptionConfiguration": {
        "EncryptionMode": "SSE-S3"
      }
    }
  }
}
EOF
}
