# A token is imported by "<subscription_uuid>/<token_uuid>".
terraform import triton_token.backend 9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59/3f8e2d1c-6b5a-4f9e-8d7c-1a2b3c4d5e6f
