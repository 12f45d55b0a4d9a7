# "*" with role management taken out by not_actions: broad (like the
# built-in Contributor), but not full administrator access; and a role whose
# not_actions are known only after apply is not judged.
variable "excluded_actions" {
  type = list(string)
}

resource "azurerm_role_definition" "deployer" {
  name  = "deployer"
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000"

  permissions {
    actions = ["*"]
    not_actions = [
      "Microsoft.Authorization/*/Write",
      "Microsoft.Authorization/*/Delete",
    ]
  }
}

resource "azurerm_role_definition" "from_variable" {
  name  = "from-variable"
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000"

  permissions {
    actions     = ["*"]
    not_actions = var.excluded_actions
  }
}
