# Terraform 1.12+: import by resource identity instead of the string id.
import {
  to = triton_endpoint.web
  identity = {
    subscription_uuid = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
    id                = "7c6b5a49-3e2d-4c1b-9a8f-7e6d5c4b3a21"
  }
}
