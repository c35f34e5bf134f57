# Active mainnet-shared subscriptions by name. Without is_active, a replaced
# subscription (listed, inactive, under the same name) would make the names repeat.
data "triton_subscriptions" "mainnet" {
  subscription_type = "mainnet-shared"
  is_active         = true
}

output "mainnet_subscriptions" {
  value = { for s in data.triton_subscriptions.mainnet.subscriptions : s.name => s.id }
}
