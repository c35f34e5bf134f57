data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

resource "triton_token" "lb" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "basic-auth-example"
  rate_tier         = "tier1"
  is_active         = true # new objects start inactive; the URL only works once active
}

resource "triton_endpoint" "lb" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "basic-auth-example"
  rate_tier         = "tier1"
  is_active         = true # new objects start inactive; the URL only works once active
}

output "basic_auth_url" {
  value = provider::triton::basic_auth_url(
    triton_endpoint.lb.values[0],
    triton_token.lb.auth_username,
    triton_token.lb.value,
  )
  sensitive = true
}
