# Read-only and job-function managed policies are not administrator access.
data "aws_iam_policy" "view_only" {
  name = "job-function/ViewOnlyAccess"
}

resource "aws_iam_role_policy_attachment" "auditor_read_only" {
  role       = "auditor"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy_attachment" "auditor_view_only" {
  role       = "auditor"
  policy_arn = data.aws_iam_policy.view_only.arn
}
