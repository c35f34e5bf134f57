# Needs an API token with the operator or reseller role.
data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

# An NFT collection, by its collection mint address.
resource "triton_address_watch_list" "collection" {
  subscription_uuid = data.triton_subscription.main.id
  variant           = "collection"
  encoded_value     = "J1S9H3QjnRtBbbuD4HjPV6RpRhwuk4zKbxsnCHuTgh9w"
}

# A compressed-NFT Merkle tree, by its tree address.
resource "triton_address_watch_list" "tree" {
  subscription_uuid = data.triton_subscription.main.id
  variant           = "tree"
  encoded_value     = "7eFJyb5UDkXWDxNrWqxbdpf2zKdw6hX7RwCi9WFwGYHV"
}
