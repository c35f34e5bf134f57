# One token per name, all in one subscription.
terraform {
  required_providers {
    triton = { source = "rpcpool/triton" }
  }
}

variable "subscription_uuid" {
  type = string
}

variable "tokens" {
  description = "Token name => rate tier."
  type        = map(string)
}

resource "triton_token" "this" {
  for_each = var.tokens

  subscription_uuid = var.subscription_uuid
  name              = each.key
  rate_tier         = each.value
  is_active         = true
}

output "token_ids" {
  value = { for name, t in triton_token.this : name => t.id }
}
