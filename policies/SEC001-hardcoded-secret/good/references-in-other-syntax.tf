# Values that another tool resolves at run time: a Helm/Go template, a
# shell or CI variable (`$slack-token`, `$${SECRET}` is Terraform's escape
# for a literal `${SECRET}`), a Vault reference, a Python format string.
# None of them holds the secret.
resource "helm_release" "alerts" {
  name  = "alerts"
  chart = "alertmanager"

  set {
    name  = "slack.token"
    value = "{{ .Values.token }}"
  }
}

resource "aws_ecs_task_definition" "bot" {
  family = "bot"
  container_definitions = jsonencode([
    {
      name  = "bot"
      image = "example/bot:2.0.1"
      environment = [
        { name = "SLACK_TOKEN", value = "$slack-token" },
        { name = "API_SECRET", value = "$${SECRET}" },
        { name = "DB_PASSWORD", value = "vault:secret/data/bot#db_password" },
        { name = "DSN_PASSWORD", value = "%(db_password)s" },
      ]
    }
  ])
}
