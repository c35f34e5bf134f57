# A small module: one token in a subscription found by name, and its RPC URL.
terraform {
  required_providers {
    triton = {
      source  = "rpcpool/triton"
      version = "~> 0.1"
    }
  }
}

variable "subscription_name" {
  type = string
}

variable "token_name" {
  type = string
}

data "triton_subscription" "this" {
  name      = var.subscription_name
  is_active = true
}

resource "triton_token" "this" {
  subscription_uuid = data.triton_subscription.this.id
  name              = var.token_name
  rate_tier         = data.triton_subscription.this.supported_rate_tiers[0]
  is_active         = true
}

output "token_id" {
  value = triton_token.this.id
}

output "rpc_url" {
  value     = provider::triton::rpc_url("example.mainnet.rpcpool.com", triton_token.this.value)
  sensitive = true
}
