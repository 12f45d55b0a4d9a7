invoker = "sns.amazonaws.com"
