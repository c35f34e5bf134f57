# A token whose secret never reaches state: store_value = false, and the secret
# read at apply time by the ephemeral resource.
terraform {
  required_providers {
    triton = {
      source  = "rpcpool/triton"
      version = "~> 0.1"
    }
  }
}

data "triton_subscription" "prod" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

variable "rotation" {
  description = "Change to rotate the token (a new token replaces it, then the old one is deactivated)."
  type        = string
  default     = "2026-12"
}

resource "triton_token" "backend" {
  subscription_uuid = data.triton_subscription.prod.id
  name              = "secrets-guide-backend"
  rate_tier         = "tier1"
  is_active         = true # the API creates tokens inactive; a rotation then activates the new one
  store_value       = false
  rotation_triggers = { rotation = var.rotation }

  lifecycle {
    create_before_destroy = true
  }
}

# Opened during the apply once the token exists (its id is unknown at plan time);
# nothing it returns is written to the plan or state.
ephemeral "triton_token" "backend" {
  subscription_uuid = triton_token.backend.subscription_uuid
  id                = triton_token.backend.id
}
