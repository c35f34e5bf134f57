data "triton_subscription" "main" {
  name = "prod-mainnet"
}

data "triton_token" "legacy" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "legacy-backend"
}

# The secret is read at plan/apply time and never written to state.
ephemeral "triton_token" "legacy" {
  subscription_uuid = data.triton_subscription.main.id
  id                = data.triton_token.legacy.id
}

locals {
  # Feed it to a write-only argument or a secret store's ephemeral input.
  legacy_basic_auth_user = ephemeral.triton_token.legacy.auth_username
}
