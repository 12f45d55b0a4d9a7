# A task definition mounting EFS without TLS: one volume leaves
# `transit_encryption` out (the default is DISABLED; the finding sits on
# the block), another says DISABLED.
resource "aws_ecs_task_definition" "worker" {
  family = "worker"
  container_definitions = jsonencode([
    {
      name  = "worker"
      image = "public.ecr.aws/docker/library/busybox:latest"
    }
  ])

  volume {
    name = "uploads"

    efs_volume_configuration { # expect: TLS007
      file_system_id = "fs-0123456789abcdef0"
      root_directory = "/uploads"
    }
  }

  volume {
    name = "reports"

    efs_volume_configuration {
      file_system_id     = "fs-0123456789abcdef0"
      root_directory     = "/reports"
      transit_encryption = "DISABLED" # expect: TLS007
    }
  }
}
