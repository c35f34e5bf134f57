# Every watch list entry of a subscription (operator or reseller role).
list "triton_address_watch_list" "prod" {
  provider = triton
  limit    = 1000

  config {
    subscription_uuid = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
  }
}
