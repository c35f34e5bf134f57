data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

resource "triton_token" "backend" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "rpc-url-example"
  rate_tier         = "tier1"
  is_active         = true # new objects start inactive; the URL only works once active
}

resource "triton_endpoint" "rpc" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "rpc-url-example"
  rate_tier         = "tier1"
  is_active         = true # new objects start inactive; the URL only works once active
}

# The token value is sensitive, so the URL is too.
output "rpc_url" {
  value     = provider::triton::rpc_url(triton_endpoint.rpc.values[0], triton_token.backend.value)
  sensitive = true
}
