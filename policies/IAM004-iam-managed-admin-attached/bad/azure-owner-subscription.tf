# The built-in Owner role on a whole subscription, by name and by id.
data "azurerm_subscription" "primary" {}

resource "azurerm_role_assignment" "ops" {
  scope                = data.azurerm_subscription.primary.id
  role_definition_name = "Owner" # expect: IAM004
  principal_id         = "11111111-2222-3333-4444-555555555555"
}

resource "azurerm_role_assignment" "ci" {
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_id = "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-4c8a-8c28-a02543b5a2d5" # expect: IAM004
  principal_id       = "66666666-7777-8888-9999-000000000000"
}
