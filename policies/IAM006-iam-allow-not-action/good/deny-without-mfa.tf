# The AWS-documented MFA pattern: Deny every action except the ones needed
# to set up MFA, unless the caller signed in with MFA. NotAction in a Deny
# narrows what is denied; it grants nothing.
data "aws_iam_policy_document" "require_mfa" {
  statement {
    sid    = "DenyAllExceptListedIfNoMFA"
    effect = "Deny"
    not_actions = [
      "iam:CreateVirtualMFADevice",
      "iam:EnableMFADevice",
      "iam:ListMFADevices",
      "sts:GetSessionToken",
    ]
    resources = ["*"]

    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

resource "aws_iam_group_policy" "require_mfa" {
  name   = "require-mfa"
  group  = "humans"
  policy = data.aws_iam_policy_document.require_mfa.json
}
