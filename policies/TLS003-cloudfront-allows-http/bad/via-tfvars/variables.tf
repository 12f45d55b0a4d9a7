variable "viewer_protocol_policy" {
  type    = string
  default = "redirect-to-https"
}
