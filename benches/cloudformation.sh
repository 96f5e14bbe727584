#!/usr/bin/env bash
# Times `plumb check` on a large CloudFormation template
# (benches/gen_cfn.py: 2,000 resources by default, YAML with short-form
# tags, parameters, conditions and mappings): release build, one warm-up
# run, then RUNS (default 5) measured runs; the findings are compared, rule
# by rule, with the violations the generator planted (expected.json). With
# OTHERS=1, also times cfn-lint and Checkov on the same template (installed
# into benches/.venv on first use; one run each).
#
#   benches/cloudformation.sh
#   RESOURCES=5000 RUNS=3 OTHERS=1 benches/cloudformation.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
RUNS="${RUNS:-5}"
RESOURCES="${RESOURCES:-2000}"
OUT_DIR="${OUT_DIR:-$BENCH_DIR/corpus-cfn-$RESOURCES}"
cd "$REPO_DIR"

ensure_gnu_time
echo "bench: cargo build --release" >&2
cargo build --release --quiet
PLUMB="$REPO_DIR/target/release/plumb"
python3 "$BENCH_DIR/gen_cfn.py" --resources "$RESOURCES" --out "$OUT_DIR" >&2
TEMPLATE="$OUT_DIR/template.yaml"
size="$(python3 -c 'import os,sys; print(f"{os.path.getsize(sys.argv[1]) / 1e6:.1f}")' "$TEMPLATE")"

report="$(mktemp)"
"$PLUMB" check "$TEMPLATE" -f json -o "$report" || [ $? = 1 ]
read -r findings resources rules < <(python3 - "$report" "$OUT_DIR/expected.json" <<'PY'
import collections, json, sys
r = json.load(open(sys.argv[1]))
want = json.load(open(sys.argv[2]))["findings_by_rule"]
got = collections.Counter(f["rule"] for f in r["findings"])
for rule in sorted(set(want) | set(got)):
    mark = "ok" if want.get(rule, 0) == got.get(rule, 0) else "MISMATCH"
    print(f"bench: {rule}: planted {want.get(rule, 0)}, found {got.get(rule, 0)} {mark}", file=sys.stderr)
s = r["summary"]
print(s["findings"], s["resources"], s["rules"])
PY
)
rm -f "$report"

cmd=("$PLUMB" check "$TEMPLATE" -f json -o /dev/null)
measure warm "0 1" -- "${cmd[@]}"
runs "${cmd[@]}"
version="$("$PLUMB" --version | awk '{ print $2 }')"
echo "| tool | template | runs | best wall | median wall | peak RSS (max) | findings | machine |"
echo "|---|---|---|---|---|---|---|---|"
echo "| plumb $version ($rules rules) | $resources resources, ${size} MB | $RUNS | ${best} s | ${median} s | $(mib "$max_rss") | $findings | $(machine_desc) |"

if [ -n "${OTHERS:-}" ]; then
    VENV="$BENCH_DIR/.venv"
    if [ ! -x "$VENV/bin/cfn-lint" ]; then
        echo "bench: installing cfn-lint into $VENV" >&2
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install --quiet --upgrade pip
        "$VENV/bin/pip" install --quiet "cfn-lint${CFN_LINT_VERSION:+==$CFN_LINT_VERSION}"
    fi
    out="$(mktemp)"
    # cfn-lint exits with a bit mask of the levels found (2 error, 4 warning, 8 info).
    measure cl "$(seq -s ' ' 0 31)" -- bash -c '"$@" >"'"$out"'"' _ "$VENV/bin/cfn-lint" --format json -- "$TEMPLATE"
    cl_findings="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$out")"
    rm -f "$out"
    cl_version="$("$VENV/bin/cfn-lint" --version | awk '{ print $2 }')"
    echo "| cfn-lint $cl_version | $resources resources, ${size} MB | 1 | ${cl_wall} s | ${cl_wall} s | $(mib "$cl_rss") | $cl_findings | $(machine_desc) |"
    checkov_file "$TEMPLATE" cloudformation "$resources resources, ${size} MB"
fi
