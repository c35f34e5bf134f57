data "triton_subscription" "main" {
  name = "prod-mainnet"
}

# Every inactive token of the subscription; values stay null.
data "triton_tokens" "inactive" {
  subscription_uuid = data.triton_subscription.main.id
  is_active         = false
}

output "inactive_token_names" {
  value = data.triton_tokens.inactive.tokens[*].name
}
