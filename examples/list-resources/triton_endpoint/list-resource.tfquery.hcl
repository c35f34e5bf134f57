# Every endpoint named "web" in a subscription.
list "triton_endpoint" "web" {
  provider = triton
  limit    = 1000

  config {
    subscription_uuid = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
    name              = "web"
  }
}
