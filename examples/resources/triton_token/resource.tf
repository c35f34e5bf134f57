data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

resource "triton_token" "backend" {
  subscription_uuid   = data.triton_subscription.main.id
  name                = "backend"
  rate_tier           = "tier1"
  is_active           = true
  deactivation_reason = "Managed by Terraform"
}
