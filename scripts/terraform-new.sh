#!/usr/bin/env bash
# Prints the path of Terraform 1.15.9 (the newest CLI the suite runs under: resource
# identity, `terraform query`), building it once from the source archive the
# shared toolbox carries (about 5 minutes on 2 cores, then cached). No registry serves
# Terraform here, so there is no download fallback: this fails loudly instead.
set -euo pipefail
version="${TERRAFORM_NEW_VERSION:-1.15.9}"
if [ -n "${TERRAFORM_NEW:-}" ]; then
  echo "$TERRAFORM_NEW"
  exit 0
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for b in "${TERRAFORM_BUILD_SH:-}" "$here/../shared/tools/terraform/build.sh" /work/shared/tools/terraform/build.sh; do
  if [ -n "$b" ] && [ -x "$b" ]; then
    exec "$b" "$version"
  fi
done
cached="${TRITON_TOOLS_CACHE:-$HOME/.cache/triton-tools}/terraform-$version/terraform"
if [ -x "$cached" ]; then
  echo "$cached"
  exit 0
fi
echo "terraform-new.sh: Terraform $version is needed (identity and terraform query tests, docs/list-resources)" >&2
echo "terraform-new.sh: but neither build.sh (set TERRAFORM_BUILD_SH) nor a cached $cached exists." >&2
echo "terraform-new.sh: set TERRAFORM_NEW to a Terraform >= 1.14 binary." >&2
exit 1
