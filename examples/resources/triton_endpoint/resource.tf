data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

resource "triton_endpoint" "web" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "web"
  rate_tier         = "tier1"
  is_active         = true

  allowed_origins = [
    { value = "app.example.com" },
    { value = "staging.example.com", is_active = false },
  ]
}

output "endpoint_hosts" {
  value = triton_endpoint.web.values
}
