# Arguments that name or point at a secret without holding it: ARNs, names,
# IDs, lengths and policies.
resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([
    {
      name  = "api"
      image = "example/api:1.4.2"
      secrets = [
        { name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:api-db" },
      ]
    }
  ])
}

resource "aws_apprunner_service" "web" {
  service_name = "web"

  source_configuration {
    image_repository {
      image_identifier      = "public.ecr.aws/example/web:latest"
      image_repository_type = "ECR_PUBLIC"

      image_configuration {
        runtime_environment_secrets = {
          API_TOKEN = "arn:aws:ssm:eu-west-1:111122223333:parameter/web/api-token"
        }
      }
    }
  }
}

resource "aws_codebuild_project" "build" {
  name         = "build"
  service_role = "arn:aws:iam::111122223333:role/codebuild"

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"

    environment_variable {
      name  = "NPM_TOKEN"
      value = "/ci/npm-token"
      type  = "PARAMETER_STORE"
    }
  }

  source {
    type     = "GITHUB"
    location = "https://github.com/example/build.git"
  }
}

resource "aws_iam_user_login_profile" "alice" {
  user                    = "alice"
  pgp_key                 = "keybase:alice"
  password_length         = 16
  password_reset_required = true
}

resource "aws_secretsmanager_secret" "db" {
  name       = "prod/db/password"
  kms_key_id = "alias/secrets"
}

resource "aws_key_pair" "deploy" {
  key_name   = "deploy"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleEx deploy@example.com"
}

resource "aws_efs_file_system" "shared" {
  creation_token = "shared-data"
  encrypted      = true
}
