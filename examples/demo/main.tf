# `make demo` applies this against the bundled emulator. The provider reads
# TRITON_API_TOKEN and TRITON_BASE_URL from the environment.
terraform {
  required_providers {
    triton = {
      source = "rpcpool/triton"
    }
  }
}

provider "triton" {}

data "triton_subscription" "demo" {
  name      = "demo-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

resource "triton_token" "demo" {
  subscription_uuid = data.triton_subscription.demo.id
  name              = "demo-backend"
  rate_tier         = "tier1"
  is_active         = true
}

resource "triton_endpoint" "demo" {
  subscription_uuid = data.triton_subscription.demo.id
  name              = "demo-web"
  rate_tier         = "tier1"
  is_active         = true
  allowed_origins   = [{ value = "app.example.com" }]
}

output "token_id" {
  value = triton_token.demo.id
}

output "endpoint_hosts" {
  value = triton_endpoint.demo.values
}

output "rpc_url" {
  value     = provider::triton::rpc_url(triton_endpoint.demo.values[0], triton_token.demo.value)
  sensitive = true
}
