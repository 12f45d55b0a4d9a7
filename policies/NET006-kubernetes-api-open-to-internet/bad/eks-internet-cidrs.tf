# Public access CIDRs that are the internet.
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids             = ["subnet-0a1b2c3d4e5f60789"]
    endpoint_public_access = true
    public_access_cidrs = [
      "203.0.113.0/24",
      "0.0.0.0/0", # expect: NET006
    ]
  }
}
