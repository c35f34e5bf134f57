# A standard-role API token may create tokens and update endpoint names and (one)
# origin, but not activate, deactivate or change rate tiers. Leave is_active unset so
# the provider never calls activate, and abandon on destroy instead of deactivating.
terraform {
  required_providers {
    triton = {
      source  = "rpcpool/triton"
      version = "~> 0.1"
    }
  }
}

provider "triton" {
  alias = "standard"
}

data "triton_subscription" "main" {
  provider = triton.standard
  name     = "prod-mainnet"
}

resource "triton_token" "ci" {
  provider          = triton.standard
  subscription_uuid = data.triton_subscription.main.id
  name              = "ci-runner"
  rate_tier         = "tier1"
  deletion_policy   = "abandon"
}
