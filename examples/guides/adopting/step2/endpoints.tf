resource "triton_endpoint" "legacy_web" {
  subscription_uuid = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
  name              = "legacy-web"
  rate_tier         = "tier1"
  is_active         = true
}

resource "triton_endpoint" "web" {
  subscription_uuid = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
  name              = "web"
  rate_tier         = "tier1"
  is_active         = true

  allowed_origins = [
    { value = "app.example.com" },
    { value = "staging.example.com", is_active = false },
  ]
}
