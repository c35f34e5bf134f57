terraform {
  required_providers {
    triton = {
      source  = "rpcpool/triton"
      version = "~> 0.1"
    }
  }
}

data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

# Pin is_active so a token switched off in the dashboard shows up as drift.
resource "triton_token" "checkout" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "checkout"
  rate_tier         = "tier1"
  is_active         = true
}

resource "triton_endpoint" "checkout" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "checkout"
  rate_tier         = "tier1"
  is_active         = true
  allowed_origins   = [{ value = "checkout.example.com" }]
}
