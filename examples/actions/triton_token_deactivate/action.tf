# Deactivate a leaked token now:
#   terraform apply -invoke=action.triton_token_deactivate.leaked
# The token may be managed by this configuration, another one, or none.
action "triton_token_deactivate" "leaked" {
  config {
    id     = "5c9a3c1e-0b7d-4f39-9a51-3f1c2e7d8a60"
    reason = "INC-1234: token value posted in a public log"
  }
}
