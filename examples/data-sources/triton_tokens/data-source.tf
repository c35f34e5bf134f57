data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

# Every inactive token of the subscription; values stay null.
data "triton_tokens" "inactive" {
  subscription_uuid = data.triton_subscription.main.id
  is_active         = false
}

output "inactive_token_names" {
  value = data.triton_tokens.inactive.tokens[*].name
}

# With include_values, the secrets come in one sensitive map keyed by token id.
data "triton_tokens" "backends" {
  subscription_uuid = data.triton_subscription.main.id
  is_active         = true
  include_values    = true
}

# Keyed by id: names are not unique (two active tokens may share one, and a
# rotation leaves the old one listed), so a map keyed by name fails with
# "Duplicate object key". To group by name, use `t.name => ...` with `...`.
output "backend_secrets" {
  value     = { for t in data.triton_tokens.backends.tokens : t.id => data.triton_tokens.backends.values[t.id] }
  sensitive = true
}
