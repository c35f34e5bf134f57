data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

data "triton_token" "legacy" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "legacy-backend"
  is_active         = true # after a rotation the old token keeps the name, inactive
}

# The secret is read at plan/apply time and never written to state.
ephemeral "triton_token" "legacy" {
  subscription_uuid = data.triton_subscription.main.id
  id                = data.triton_token.legacy.id
}

# Use ephemeral.triton_token.legacy.value (and .auth_username) where Terraform accepts
# ephemeral values: provider configuration blocks, write-only arguments (Terraform
# 1.11+) and ephemeral outputs of child modules. For example, a secret store resource
# with a write-only argument (here HashiCorp Vault's KV v2):
#
#   resource "vault_kv_secret_v2" "legacy_rpc" {
#     mount                = "secret"
#     name                 = "rpc/legacy"
#     data_json_wo         = jsonencode({ token = ephemeral.triton_token.legacy.value })
#     data_json_wo_version = 1
#   }
