# Terraform 1.12+: import by resource identity instead of the string id.
import {
  to = triton_token.backend
  identity = {
    subscription_uuid = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
    id                = "3f8e2d1c-6b5a-4f9e-8d7c-1a2b3c4d5e6f"
  }
}
