data "triton_subscription" "main" {
  name = "prod-mainnet"
}

data "triton_token" "legacy" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "legacy-backend"
}

output "legacy_token_active" {
  value = data.triton_token.legacy.is_active
}
