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

# An aliased configuration reads TRITON_API_TOKEN like the default one. To give it
# a key of its own, pass it in a sensitive variable (TF_VAR_standard_api_token in
# CI); left null, the environment variable is used.
variable "standard_api_token" {
  type      = string
  sensitive = true
  default   = null
}

provider "triton" {
  alias     = "standard"
  api_token = var.standard_api_token
}

data "triton_subscription" "main" {
  provider  = triton.standard
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

resource "triton_token" "ci" {
  provider          = triton.standard
  subscription_uuid = data.triton_subscription.main.id
  name              = "ci-runner"
  rate_tier         = "tier1"
  deletion_policy   = "abandon"
}
