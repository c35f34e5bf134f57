# The generated names come from the list block and the position of each result:
# check generated.tf for which is which before you write these.
moved {
  from = triton_token.prod_0
  to   = module.prod_tokens.triton_token.this["legacy-backend"]
}

moved {
  from = triton_token.prod_1
  to   = module.prod_tokens.triton_token.this["backend"]
}

moved {
  from = triton_endpoint.prod_0
  to   = triton_endpoint.legacy_web
}

moved {
  from = triton_endpoint.prod_1
  to   = triton_endpoint.web
}
