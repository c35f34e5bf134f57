data "triton_subscription" "main" {
  name = "prod-mainnet"
}

data "triton_endpoint" "web" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "legacy-web"
}

output "web_host" {
  value = data.triton_endpoint.web.values[0]
}
