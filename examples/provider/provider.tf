# Credentials come from the environment in CI:
#   export TRITON_API_TOKEN=...   (management API token)
#   export TRITON_BASE_URL=...    (optional, defaults to https://customers.triton.one)
terraform {
  required_providers {
    triton = {
      source  = "rpcpool/triton"
      version = "~> 0.1"
    }
  }
}

provider "triton" {
  max_retries = 5
  page_size   = 100
}
