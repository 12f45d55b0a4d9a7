# Azure custom roles that can hand out roles or rewrite themselves.
resource "azurerm_role_definition" "helpdesk" {
  name  = "helpdesk"
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000"

  permissions {
    actions = [
      "Microsoft.Compute/virtualMachines/restart/action",
      "Microsoft.Authorization/roleAssignments/write", # expect: IAM003
    ]
  }
}

resource "azurerm_role_definition" "platform" {
  name  = "platform"
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000"

  permissions {
    actions = ["Microsoft.Authorization/*"] # expect: IAM003
  }
}
