terraform {
  required_providers {
    triton = {
      source  = "rpcpool/triton"
      version = "~> 0.1"
    }
  }
}

variable "backend_token_generation" {
  description = "Bump to rotate the backend token."
  type        = string
  default     = "2026-11"
}

data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

resource "triton_token" "backend" {
  subscription_uuid   = data.triton_subscription.main.id
  name                = "api-backend"
  rate_tier           = "tier1"
  is_active           = true
  deactivation_reason = "rotated by Terraform"

  # Any change to a value here creates a new token.
  rotation_triggers = {
    generation = var.backend_token_generation
  }

  lifecycle {
    # The new token is created (and activated) before the old one is deactivated.
    create_before_destroy = true
  }
}

# Consumers read the current token from state or, better, from a secret store fed by it.
output "backend_token_id" {
  value = triton_token.backend.id
}
