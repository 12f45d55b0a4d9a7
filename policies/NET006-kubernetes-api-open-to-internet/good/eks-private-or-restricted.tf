# A private endpoint (whatever the CIDRs say), and a public endpoint
# limited to an office range and a private range.
resource "aws_eks_cluster" "private" {
  name     = "private"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids              = ["subnet-0a1b2c3d4e5f60789"]
    endpoint_private_access = true
    endpoint_public_access  = false
    public_access_cidrs     = ["0.0.0.0/0"]
  }
}

resource "aws_eks_cluster" "restricted" {
  name     = "restricted"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config {
    subnet_ids             = ["subnet-0a1b2c3d4e5f60789"]
    endpoint_public_access = true
    public_access_cidrs    = ["203.0.113.0/24", "10.2.0.0/16"]
  }
}
