terraform {
  required_providers {
    triton = {
      source  = "rpcpool/triton"
      version = "~> 0.1"
    }
  }
}

data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true # a replaced subscription stays listed, inactive, under its name
}

# One object, by its "<subscription_uuid>/<uuid>" id.
import {
  to = triton_endpoint.web
  id = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59/7c6b5a49-3e2d-4c1b-9a8f-7e6d5c4b3a21"
}

resource "triton_endpoint" "web" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "web"
  rate_tier         = "tier1"
  is_active         = true

  allowed_origins = [
    { value = "app.example.com" },
    { value = "staging.example.com", is_active = false },
  ]
}

# Every token of the subscription at once (Terraform 1.7+), keyed by name.
# Only active tokens: a rotation leaves the old token listed, inactive, under the same
# name, which would give for_each a duplicate key.
data "triton_tokens" "existing" {
  subscription_uuid = data.triton_subscription.main.id
  is_active         = true
}

# Import only what this configuration will own: the list also finds tokens other
# configurations manage (adopting those gives them two owners, and a destroy here
# would deactivate them there). Here: the legacy ones, by a name prefix.
locals {
  existing_tokens = { for t in data.triton_tokens.existing.tokens : t.name => t if startswith(t.name, "legacy-") }
}

import {
  for_each = local.existing_tokens
  to       = triton_token.imported[each.key]
  id       = "${each.value.subscription_uuid}/${each.value.id}"
}

resource "triton_token" "imported" {
  for_each = local.existing_tokens

  subscription_uuid = each.value.subscription_uuid
  name              = each.value.name
  rate_tier         = each.value.rate_tier
}
