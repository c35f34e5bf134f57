# Find the subscription by name instead of pasting its UUID.
data "triton_subscription" "main" {
  name = "prod-mainnet"
}

output "supported_rate_tiers" {
  value = data.triton_subscription.main.supported_rate_tiers
}
