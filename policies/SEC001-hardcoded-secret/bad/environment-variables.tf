# Secrets handed to workloads as environment variables: a Lambda function's
# `variables` map (Checkov CKV_AWS_45), a password inside a connection URL,
# and an ECS container's name/value pairs inside jsonencode.
resource "aws_lambda_function" "webhook" {
  function_name = "webhook"
  role          = "arn:aws:iam::111122223333:role/webhook"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "webhook.zip"

  environment {
    variables = {
      LOG_LEVEL      = "info"
      STRIPE_API_KEY = "sk_test_51Hx9QmR7kT2vWcN8pLz3Yb6" # expect: SEC001
      DATABASE_URL   = "postgresql://webhook:Webhook-Db-1@db.internal:5432/webhook" # expect: SEC001
    }
  }
}

resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([
    {
      name  = "api"
      image = "example/api:1.4.2"
      environment = [
        { name = "PORT", value = "8080" },
        { name = "DB_PASSWORD", value = "q7Vx#2mKd9Lp" }, # expect: SEC001
      ]
    }
  ])
}

# A secret stored through Terraform still has to come from somewhere: here
# it is written in the code.
resource "aws_secretsmanager_secret_version" "smtp" {
  secret_id = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:smtp"
  secret_string = jsonencode({
    username = "mailer"
    password = "Smtp!9xQ4vR2k" # expect: SEC001
  })
}
