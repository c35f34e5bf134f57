# Credentials come from the environment in CI:
#   export TRITON_API_TOKEN=...   (management API token)
#   export TRITON_BASE_URL=...    (optional, defaults to https://customers.triton.one)
provider "triton" {
  max_retries = 5
  page_size   = 100
}
