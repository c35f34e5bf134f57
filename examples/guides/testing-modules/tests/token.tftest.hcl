# terraform test, with no API and no credentials: the provider is mocked.
# mock_provider "triton" {} alone fails: mocked strings are random, and the
# provider's validators reject a subscription_uuid that is not a uuid. Give the
# data source and the resource defaults that look like what the API returns.
mock_provider "triton" {
  mock_data "triton_subscription" {
    defaults = {
      id                   = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
      supported_rate_tiers = ["tier1"]
    }
  }

  mock_resource "triton_token" {
    defaults = {
      id            = "3f8e2d1c-6b5a-4f9e-8d7c-1a2b3c4d5e6f"
      auth_username = "mock-user"
      value         = "mock-secret-value"
    }
  }
}

variables {
  subscription_name = "prod-mainnet"
  token_name        = "backend"
}

run "plans_one_active_token" {
  command = plan

  assert {
    condition     = triton_token.this.rate_tier == "tier1"
    error_message = "the token takes the subscription's first rate tier"
  }

  assert {
    condition     = triton_token.this.subscription_uuid == "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
    error_message = "the token goes in the looked-up subscription"
  }
}

run "applies_against_the_mock" {
  assert {
    condition     = output.token_id == "3f8e2d1c-6b5a-4f9e-8d7c-1a2b3c4d5e6f"
    error_message = "the output carries the token id"
  }

  assert {
    condition     = startswith(output.rpc_url, "https://")
    error_message = "the RPC URL is https"
  }
}
