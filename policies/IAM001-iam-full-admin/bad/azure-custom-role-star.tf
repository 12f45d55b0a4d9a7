# An Azure custom role whose actions are "*": the built-in Owner role again,
# role assignment included, at every scope it can be assigned to.
data "azurerm_subscription" "primary" {}

resource "azurerm_role_definition" "ops_admin" {
  name  = "ops-admin"
  scope = data.azurerm_subscription.primary.id

  permissions {
    actions     = ["*"] # expect: IAM001
    not_actions = []
  }

  assignable_scopes = [data.azurerm_subscription.primary.id]
}
