import {
  to = triton_subscription.customer
  id = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
}
