//! Policy text rampart cannot read is a note at its place, never a silent
//! skip: invalid JSON in a heredoc or a quoted string, and `Principal`
//! forms IAM does not accept. Notes are in the JSON report's `notes`.

use crate::common::Fixture;
use serde_json::Value;

/// `line:column message` of each note in `file`.
fn notes_in(doc: &Value, file: &str) -> Vec<String> {
    doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["file"] == file)
        .map(|n| {
            format!(
                "{}:{} {}",
                n["range"]["start"]["line"],
                n["range"]["start"]["column"],
                n["message"].as_str().unwrap()
            )
        })
        .collect()
}

const UNREADABLE: &str = r#"resource "aws_iam_policy" "heredoc" {
  name   = "heredoc"
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*",
    }
  ]
}
EOT
}

resource "aws_iam_role" "quoted" {
  name               = "quoted"
  assume_role_policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\" \"Principal\": \"*\"}]}"
}

resource "aws_iam_role" "number" {
  name = "number"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = 42
    }]
  })
}

resource "aws_iam_role" "nested" {
  name = "nested"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = [["*"]] }
    }]
  })
}

resource "aws_iam_role" "readable" {
  name = "readable"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = ["*"] }
    }]
  })
}
"#;

#[test]
fn unreadable_policy_text_is_a_note_at_its_place() {
    let fx = Fixture::with(&[("main.tf", UNREADABLE)]);
    // The readable trust policy is still checked (exit 1 for its finding).
    let doc = fx.check_json(&["--select", "IAM"], 1);
    let findings: Vec<(String, u64)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(findings, vec![("IAM005".to_string(), 53)]);
    assert_eq!(
        notes_in(&doc, "main.tf"),
        vec![
            // The trailing comma after "*", inside the heredoc.
            "10:22 policy text is not valid JSON (Trailing commas are not allowed): its statements are not checked",
            // Inside the quoted string, where the comma is missing.
            "19:93 policy text is not valid JSON (Expected comma): its statements are not checked",
            "29:19 `Principal` is a number, not `\"*\"` or an object such as `{\"AWS\": [...]}`: this principal is not checked",
            "41:28 `Principal` `AWS` holds a list, not an identifier: this principal is not checked",
        ]
    );
}

#[test]
fn no_iam_notes_when_no_iam_rule_reads_the_policy() {
    let fx = Fixture::with(&[("main.tf", UNREADABLE)]);
    let doc = fx.check_json(&["--select", "NET"], 0);
    assert_eq!(notes_in(&doc, "main.tf"), Vec::<String>::new());
}

#[test]
fn apply_time_value_outside_a_json_string_is_a_note() {
    let fx = Fixture::with(&[(
        "main.tf",
        r#"resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

resource "aws_iam_policy" "outside" {
  name   = "outside"
  policy = <<EOT
{
  "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": ${jsonencode(aws_s3_bucket.logs.arn)}}]
}
EOT
}
"#,
    )]);
    let doc = fx.check_json(&["--select", "IAM"], 0);
    assert_eq!(
        notes_in(&doc, "main.tf"),
        vec![
            "9:69 policy text is not valid JSON (Unexpected token; it interpolates values known only at apply, and one may stand outside a JSON string): its statements are not checked"
        ]
    );
}
