# *.auto.tfvars are loaded after terraform.tfvars and win.
app_cidrs = ["0.0.0.0/0"]
