# Needs an API token with the operator or reseller role.
data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

data "triton_address_watch_lists" "collections" {
  subscription_uuid = data.triton_subscription.main.id
  variant           = "collection"
}

output "protected_collections" {
  value = data.triton_address_watch_lists.collections.address_watch_lists[*].encoded_value
}
