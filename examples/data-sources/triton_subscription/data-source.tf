# Find the subscription by name instead of pasting its UUID. A replaced
# subscription stays listed, inactive, under the same name: is_active = true
# keeps the lookup working (account_uuid narrows it to one account).
data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true
}

output "supported_rate_tiers" {
  value = data.triton_subscription.main.supported_rate_tiers
}
