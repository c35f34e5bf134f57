# Terraform 1.12+: import by resource identity.
import {
  to = triton_address_watch_list.collection
  identity = {
    subscription_uuid = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
    id                = "5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170"
  }
}
