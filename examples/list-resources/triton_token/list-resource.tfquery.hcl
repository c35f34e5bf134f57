# Every active token of a subscription. Run `terraform query` to see them, or
# `terraform query -generate-config-out=generated.tf` to write the resources and
# import blocks that adopt them.
list "triton_token" "prod" {
  provider = triton
  # Terraform stops at 100 results unless told otherwise.
  limit = 5000

  config {
    subscription_uuid = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
    is_active         = true
  }
}
