output "url" {
  description = "Where the API answers."
  value       = "https://${aws_lb.app.dns_name}"
}
