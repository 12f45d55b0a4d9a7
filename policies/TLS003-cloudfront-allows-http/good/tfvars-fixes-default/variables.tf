variable "viewer_protocol_policy" {
  type    = string
  default = "allow-all"
}
