# An EKS managed node group with an SSH key and no source security groups:
# EKS then opens port 22 of every node to 0.0.0.0/0.
resource "aws_eks_node_group" "workers" {
  cluster_name    = "prod"
  node_group_name = "workers"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-nodes"
  subnet_ids      = ["subnet-0a1b2c3d"]

  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 1
  }

  remote_access { # expect: NET001
    ec2_ssh_key = "ops"
  }
}
