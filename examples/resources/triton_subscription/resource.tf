# A reseller onboards a customer: the subscription and what goes in it, in one
# configuration. Creating, activating and deactivating subscriptions needs an API
# token with the reseller role.
data "triton_accounts" "customer" {
  name = "acme"
}

resource "triton_subscription" "customer" {
  account_uuid        = data.triton_accounts.customer.accounts[0].id
  subscription_type   = "mainnet-shared" # see data.triton_subscription_types
  name                = "acme-customer-mainnet"
  is_active           = true
  deactivation_reason = "Customer offboarded"
}

resource "triton_token" "backend" {
  subscription_uuid = triton_subscription.customer.id
  name              = "backend"
  rate_tier         = "tier1"
  is_active         = true
}

output "supported_rate_tiers" {
  value = triton_subscription.customer.supported_rate_tiers
}
