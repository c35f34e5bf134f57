data "triton_subscriptions" "mainnet" {
  subscription_type = "mainnet-shared"
}

output "mainnet_subscriptions" {
  value = { for s in data.triton_subscriptions.mainnet.subscriptions : s.name => s.id }
}
