terraform {
  required_providers {
    triton = {
      source  = "rpcpool/triton"
      version = "~> 0.1"
    }
  }
}

# Credentials come from TRITON_API_TOKEN (and TRITON_BASE_URL).
provider "triton" {}
