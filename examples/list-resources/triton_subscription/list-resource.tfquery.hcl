# Every mainnet-shared subscription the API token can see.
list "triton_subscription" "shared" {
  provider = triton
  limit    = 1000

  config {
    subscription_type = "mainnet-shared"
  }
}
