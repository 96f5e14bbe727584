#!/usr/bin/env bash
# Times checkov on the same corpus as scan.sh, for comparison: checkov is
# installed into benches/.venv (a Python virtual environment, gitignored)
# on first use. One measured run by default (RUNS), after a warm-up of the
# file cache; checkov is slow.
#
#   benches/checkov.sh
#   CHECKOV_VERSION=3.2.300 benches/checkov.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
RUNS="${RUNS:-1}"
VENV="$BENCH_DIR/.venv"
cd "$REPO_DIR"

ensure_gnu_time
if [ ! -x "$VENV/bin/checkov" ]; then
    echo "bench: installing checkov into $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet "checkov${CHECKOV_VERSION:+==$CHECKOV_VERSION}"
fi
CHECKOV="$VENV/bin/checkov"
ensure_corpus

# checkov exits 1 when a check fails, which the corpus makes sure of.
# --skip-download: without it checkov first fetches guidelines from the
# Prisma Cloud API, which adds network time (and retries, offline) that is
# not scanning; plumb makes no network calls either.
cmd=("$CHECKOV" -d "$CORPUS" --framework kubernetes --quiet --compact -o json --skip-download)

# Warm the file cache (cat, not a checkov run: one is slow enough).
find "$CORPUS" -type f -exec cat {} + >/dev/null

runs bash -c '"$@" >/dev/null' _ "${cmd[@]}"
version="$("$CHECKOV" --version 2>/dev/null | tail -1)"
table_header
echo "| checkov $version | $(corpus_desc) | $RUNS | ${best} s | ${median} s | $(mib "$max_rss") | n/a | $(machine_desc) |"
