# A watch list entry is imported by "<subscription_uuid>/<uuid>".
terraform import triton_address_watch_list.collection 9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59/5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170
