#!/usr/bin/env bash
# Times `plumb check` on the benchmark corpus: release build, corpus
# generated if absent, one warm-up run, then RUNS (default 5) measured runs.
# Prints a Markdown table row: best and median wall time, peak RSS, machine.
#
#   benches/scan.sh                 # 10,000 files, seed 42, 5 runs
#   FILES=2000 RUNS=3 benches/scan.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
RUNS="${RUNS:-5}"
cd "$REPO_DIR"

ensure_gnu_time
echo "bench: cargo build --release" >&2
cargo build --release --quiet
PLUMB="$REPO_DIR/target/release/plumb"
ensure_corpus

# The exact command measured; exit code 1 means "findings", which the
# corpus has on purpose.
cmd=("$PLUMB" check "$CORPUS" -f json -o /dev/null)

# Warm-up (file cache), and the finding count from a real report.
report="$(mktemp)"
"$PLUMB" check "$CORPUS" -f json -o "$report" || [ $? = 1 ]
read -r findings resources rules < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print(s["findings"], s["resources"], s["rules"])' "$report")
rm -f "$report"

runs "${cmd[@]}"

version="$("$PLUMB" --version | awk '{ print $2 }')"
table_header
echo "| plumb $version ($rules rules) | $(corpus_desc), $resources resources | $RUNS | ${best} s | ${median} s | $(mib "$max_rss") | $findings | $(machine_desc) |"
