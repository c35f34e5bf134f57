data "triton_accounts" "all" {}

output "account_names" {
  value = data.triton_accounts.all.accounts[*].name
}
