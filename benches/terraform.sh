#!/usr/bin/env bash
# Times `plumb check` on a large Terraform plan (benches/gen_plan.py: 5,000
# resources by default, in a module called once per service, with the .tf
# files beside the plan so that findings are mapped to .tf lines): release
# build, one warm-up run, then RUNS (default 5) measured runs. With
# CHECKOV=1, also times `checkov -f plan.json --framework terraform_plan`
# (installed into benches/.venv on first use; one run, it is slow).
#
#   benches/terraform.sh
#   RESOURCES=20000 RUNS=3 CHECKOV=1 benches/terraform.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
RUNS="${RUNS:-5}"
RESOURCES="${RESOURCES:-5000}"
PLAN_DIR="${PLAN_DIR:-$BENCH_DIR/corpus-tf-$RESOURCES}"
cd "$REPO_DIR"

ensure_gnu_time
echo "bench: cargo build --release" >&2
cargo build --release --quiet
PLUMB="$REPO_DIR/target/release/plumb"
if [ ! -f "$PLAN_DIR/plan.json" ]; then
    python3 "$BENCH_DIR/gen_plan.py" --resources "$RESOURCES" --out "$PLAN_DIR"
fi
PLAN="$PLAN_DIR/plan.json"
size="$(du -m "$PLAN" | cut -f1)"

cmd=("$PLUMB" check "$PLAN" -f json -o /dev/null)
report="$(mktemp)"
"$PLUMB" check "$PLAN" -f json -o "$report" || [ $? = 1 ]
read -r findings resources rules < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print(s["findings"], s["resources"], s["rules"])' "$report")
rm -f "$report"

runs "${cmd[@]}"
version="$("$PLUMB" --version | awk '{ print $2 }')"
echo "| tool | plan | runs | best wall | median wall | peak RSS (max) | findings | machine |"
echo "|---|---|---|---|---|---|---|---|"
echo "| plumb $version ($rules rules) | $resources resources, ${size} MB | $RUNS | ${best} s | ${median} s | $(mib "$max_rss") | $findings | $(machine_desc) |"

if [ -n "${CHECKOV:-}" ]; then
    checkov_file "$PLAN" terraform_plan "$resources resources, ${size} MB"
fi
