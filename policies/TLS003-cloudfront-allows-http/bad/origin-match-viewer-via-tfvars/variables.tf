variable "legacy_viewer_policy" {
  type    = string
  default = "redirect-to-https"
}
