ci_role = "roles/iam.serviceAccountTokenCreator"
