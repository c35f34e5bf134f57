data "triton_accounts" "acme" {
  name = "acme"
}

# Every active endpoint of every subscription of the account.
data "triton_endpoints" "active" {
  account_uuid = data.triton_accounts.acme.accounts[0].id
  is_active    = true
}

output "endpoint_hosts" {
  value = flatten(data.triton_endpoints.active.endpoints[*].values)
}
