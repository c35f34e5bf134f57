data "triton_subscription" "main" {
  name = "prod-mainnet"
}

resource "triton_token" "backend" {
  subscription_uuid   = data.triton_subscription.main.id
  name                = "backend"
  rate_tier           = "tier1"
  is_active           = true
  deactivation_reason = "Managed by Terraform"
}
