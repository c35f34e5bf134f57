data "triton_subscription" "main" {
  name = "prod-mainnet"
}

resource "triton_token" "stream" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "ws-url-example"
  rate_tier         = "tier1"
}

resource "triton_endpoint" "stream" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "ws-url-example"
  rate_tier         = "tier1"
}

output "ws_url" {
  value     = provider::triton::ws_url(triton_endpoint.stream.values[0], triton_token.stream.value)
  sensitive = true
}
