# Every active token and endpoint of the prod-mainnet subscription.
list "triton_token" "prod" {
  provider = triton
  # Terraform stops reading at `limit` results, 100 by default. Set it above the
  # number of objects you expect, or the rest are left out (the query warns).
  limit = 5000

  config {
    subscription_uuid = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
    is_active         = true
  }
}

list "triton_endpoint" "prod" {
  provider = triton
  limit    = 5000

  config {
    subscription_uuid = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
    is_active         = true
  }
}
