# Needs an API token with the reseller role.
data "triton_rate_tiers" "all" {}

output "rate_tiers" {
  value = data.triton_rate_tiers.all.names
}
