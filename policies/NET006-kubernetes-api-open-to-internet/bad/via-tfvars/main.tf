# Ranges from terraform.tfvars: the finding sits on the attribute that
# uses the variable, and the related locations show the tfvars line.
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids          = ["subnet-0a1b2c3d4e5f60789"]
    public_access_cidrs = var.api_allowed_cidrs # expect: NET006
  }
}

variable "api_allowed_cidrs" {
  type = list(string)
}
