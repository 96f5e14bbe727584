#!/usr/bin/env bash
# Times `plumb render` against `helm template` on the same charts, in one run:
# release build, the real helm installed by scripts/install-helm.sh, then RUNS
# (default 50) renders of each chart by each tool, as whole processes.
# Prints a Markdown table: mean wall time per render.
#
#   benches/helm.sh                       # the repository's test charts
#   RUNS=20 benches/helm.sh path/to/chart # any charts (dependencies in charts/)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-50}"
cargo build --release --quiet
helm="$(scripts/install-helm.sh)"
plumb=target/release/plumb
charts=("$@")
if [ ${#charts[@]} -eq 0 ]; then
    charts=(fixtures/charts/storefront crates/helm/tests/charts/patterns crates/helm/tests/charts/legacy)
fi
per_run_ms() {
    local start end
    start=$(date +%s%N)
    for _ in $(seq 1 "$RUNS"); do "$@" >/dev/null 2>&1 || true; done
    end=$(date +%s%N)
    echo "scale=1; ($end - $start) / 1000000 / $RUNS" | bc
}
echo "| chart | documents | plumb render | helm template ($("$helm" version --short)) |"
echo "|---|---|---|---|"
for c in "${charts[@]}"; do
    docs=$("$plumb" render "$c" 2>/dev/null | grep -c '^# Source:' || true)
    p=$(per_run_ms "$plumb" render "$c")
    h=$(per_run_ms "$helm" template "$c")
    echo "| \`$c\` | $docs | $p ms | $h ms |"
done
echo
echo "$RUNS runs each, whole processes, on $(nproc) cores ($(uname -m))."
