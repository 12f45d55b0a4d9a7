# An accepted case, suppressed with a reason.
resource "aws_eks_cluster" "sandbox" {
  name     = "sandbox"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  # rampart:ignore NET006 reason: short-lived sandbox cluster, destroyed nightly (PLAT-310)
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d4e5f60789"]
  }
}
