# Close an endpoint now (reseller role):
#   terraform apply -invoke=action.triton_endpoint_deactivate.abused
action "triton_endpoint_deactivate" "abused" {
  config {
    id     = "7e1f0a52-3c4b-4d8e-9f60-1a2b3c4d5e6f"
    reason = "INC-1235: abusive traffic"
  }
}
