data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

resource "triton_token" "stream" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "ws-url-example"
  rate_tier         = "tier1"
  is_active         = true # new objects start inactive; the URL only works once active
}

resource "triton_endpoint" "stream" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "ws-url-example"
  rate_tier         = "tier1"
  is_active         = true # new objects start inactive; the URL only works once active
}

output "ws_url" {
  value     = provider::triton::ws_url(triton_endpoint.stream.values[0], triton_token.stream.value)
  sensitive = true
}
