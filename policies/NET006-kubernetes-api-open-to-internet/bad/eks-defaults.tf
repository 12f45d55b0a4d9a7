# EKS with the endpoint settings left out: a public endpoint open to
# 0.0.0.0/0 (both provider defaults). The finding sits on vpc_config.
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config { # expect: NET006
    subnet_ids = ["subnet-0a1b2c3d4e5f60789", "subnet-0f1e2d3c4b5a60987"]
  }
}

resource "aws_eks_cluster" "explicit" {
  name     = "explicit"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"

  vpc_config { # expect: NET006
    subnet_ids              = ["subnet-0a1b2c3d4e5f60789"]
    endpoint_private_access = true
    endpoint_public_access  = true
  }
}
