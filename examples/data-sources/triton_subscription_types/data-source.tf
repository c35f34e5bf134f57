# Needs an API token with the reseller role.
data "triton_subscription_types" "all" {}

output "subscription_types" {
  value = [for t in data.triton_subscription_types.all.subscription_types : t.name]
}
