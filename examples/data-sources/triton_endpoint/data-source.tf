data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

data "triton_endpoint" "web" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "legacy-web"
  # A rotation leaves the old endpoint listed, inactive, under the same name:
  # filter on is_active so the lookup keeps working after one.
  is_active = true
}

output "web_host" {
  value = data.triton_endpoint.web.values[0]
}
