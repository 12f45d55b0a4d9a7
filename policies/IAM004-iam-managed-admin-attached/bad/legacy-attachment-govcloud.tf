# aws_iam_policy_attachment (exclusive attachment) in the GovCloud
# partition: the managed policy is the same whatever the partition.
resource "aws_iam_policy_attachment" "contractors" {
  name       = "contractors"
  users      = ["contractor-1", "contractor-2"]
  policy_arn = "arn:aws-us-gov:iam::aws:policy/AdministratorAccess" # expect: IAM004
}
