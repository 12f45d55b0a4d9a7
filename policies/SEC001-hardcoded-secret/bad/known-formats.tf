# Credentials of a known format are reported wherever they are written,
# whatever the local or argument is called: the issuer's prefix or the
# structure says what they are.
locals {
  # A GitHub personal access token in a local.
  ci = { github = "ghp_R7kQ2xW9mZ4vN8pL3tY6hB1cD5fG0jK2sA4e" } # expect: SEC001

  # A Slack incoming webhook: the URL is the credential.
  alerts_webhook = "https://hooks.slack.com/services/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" # expect: SEC001
}

resource "aws_ecs_task_definition" "reports" {
  family = "reports"
  container_definitions = jsonencode([
    {
      name  = "reports"
      image = "example/reports:3.2.0"
      environment = [
        # A connection string with the password in it.
        { name = "MONGO_URL", value = "mongodb+srv://reports:Rk7pQ2xW9m@cluster0.example.mongodb.net/reports" }, # expect: SEC001
        # A JSON Web Token (its header decodes to {"alg":"HS256","typ":"JWT"}).
        { name = "SERVICE_JWT", value = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJyZXBvcnRzIiwiaWF0IjoxNzAwMDAwMDAwfQ.Zk4Qx9Rm2WvL7pN3hB1cD5fG0jK2sA4eT8yU6iO" }, # expect: SEC001
      ]
    }
  ])
}

output "ci_token" {
  value = local.ci.github
}
