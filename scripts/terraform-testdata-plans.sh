#!/usr/bin/env bash
# Extracts the `terraform show -json` outputs of Terraform's own test data
# (internal/command/testdata/show-json/*/output.json; command/testdata/ or
# command/test-fixtures/ in older releases) from a clone of
# github.com/hashicorp/terraform, at
# several releases, into OUT (default target/tf-plans), then runs the
# loader test on them. Nothing is committed: the files are HashiCorp's.
#
#   git clone https://github.com/hashicorp/terraform /tmp/terraform
#   scripts/terraform-testdata-plans.sh /tmp/terraform
#
# Tags v0.12.0 v0.14.0 v0.15.0 v1.0.0 v1.2.0 and HEAD give format versions
# 0.1, 1.0, 1.1 and 1.2.
set -euo pipefail
REPO="${1:?usage: $0 TERRAFORM_GIT_CLONE [OUT]}"
OUT="${2:-target/tf-plans}"
mkdir -p "$OUT"
for ref in v0.12.0 v0.14.0 v0.15.0 v1.0.0 v1.2.0 HEAD; do
    prefix="${ref}-"
    [ "$ref" = HEAD ] && prefix=""
    paths="$(git -C "$REPO" ls-tree -r --name-only "$ref" |
        grep -E '(^|/)command/(testdata|test-fixtures)/show-json/[^/]+/output\.json$' || true)"
    for path in $paths; do
        name="$(basename "$(dirname "$path")")"
        git -C "$REPO" show "$ref:$path" >"$OUT/${prefix}${name}.json"
    done
done
echo "$(ls "$OUT" | wc -l) plans in $OUT" >&2
PLUMB_TF_PLANS="$(cd "$OUT" && pwd)" cargo test --test terraform real_world_plans_load -- --ignored --nocapture 2>&1 |
    grep -E 'format versions|test result'
