# Values known only after apply, and dynamic blocks whose count is not
# known, are not reported.
variable "authorized_networks" {
  type = list(object({ cidr_block = string, display_name = string }))
}

variable "private_endpoint" {
  type = bool
}

resource "google_container_cluster" "from_module_input" {
  name     = "from-module-input"
  location = "europe-west1"

  dynamic "master_authorized_networks_config" {
    for_each = length(var.authorized_networks) > 0 ? [1] : []
    content {
      dynamic "cidr_blocks" {
        for_each = var.authorized_networks
        content {
          cidr_block   = cidr_blocks.value.cidr_block
          display_name = cidr_blocks.value.display_name
        }
      }
    }
  }
}

resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids             = ["subnet-0a1b2c3d4e5f60789"]
    endpoint_public_access = !var.private_endpoint
    public_access_cidrs    = [aws_eip.egress.public_ip]
  }
}

resource "aws_eip" "egress" {
  domain = "vpc"
}

resource "azurerm_kubernetes_cluster" "main" {
  name                    = "main"
  location                = "westeurope"
  resource_group_name     = "k8s"
  dns_prefix              = "main"
  private_cluster_enabled = var.private_endpoint

  default_node_pool {
    name       = "default"
    node_count = 2
    vm_size    = "Standard_D2s_v5"
  }

  identity {
    type = "SystemAssigned"
  }
}
