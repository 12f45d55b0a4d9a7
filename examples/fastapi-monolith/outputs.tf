output "public_ip" {
  description = "Public IP address of the instance."
  value       = aws_instance.app.public_ip
}

output "app_url" {
  description = "Where the API answers."
  value       = "http://${aws_instance.app.public_dns}:${local.app_port}"
}

output "security_group_id" {
  description = "Security group attached to the instance."
  value       = aws_security_group.app.id
}
