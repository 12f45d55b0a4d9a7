locals {
  a = <<EOF
  never ends
