data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

data "triton_token" "legacy" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "legacy-backend"
  # A rotation leaves the old token listed, inactive, under the same name:
  # filter on is_active so the lookup keeps working after one.
  is_active = true
}

output "legacy_token_id" {
  value = data.triton_token.legacy.id
}
