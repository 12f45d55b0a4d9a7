# Arguments whose name ends in `token` or `secret` but whose value is a word
# from a fixed set (a time unit) or the name of a Kubernetes Secret: words
# and identifiers are not credentials.
resource "auth0_client" "app" {
  name = "app"

  refresh_token {
    rotation_type   = "rotating"
    expiration_type = "expiring"
  }

  jwt_configuration {
    lifetime_in_seconds = 3600
  }
}

resource "example_token_policy" "app" {
  access_token  = "minutes"
  refresh_token = "days"
}

resource "kubernetes_deployment" "operator" {
  metadata {
    name = "operator"
  }
  spec {
    template {
      metadata {
        name = "operator"
      }
      spec {
        container {
          name  = "operator"
          image = "example/operator:1.0.0"
          env {
            # The name of the Kubernetes Secret the operator reads.
            name  = "OPERATOR_SECRET"
            value = "operator"
          }
        }
      }
    }
  }
}
