# Shared by scan.sh and checkov.sh: measuring a command with GNU time.
# Sourced, not run.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
CORPUS="${CORPUS:-$BENCH_DIR/corpus}"
FILES="${FILES:-10000}"
SEED="${SEED:-42}"

# GNU time (`/usr/bin/time -v`) reports wall time and peak RSS; bash's
# `time` keyword does not.
ensure_gnu_time() {
    if /usr/bin/time -v true >/dev/null 2>&1; then
        return
    fi
    echo "bench: installing GNU time (apt-get install -y time)" >&2
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get install -y time >/dev/null 2>&1 ||
        { $sudo apt-get update >/dev/null && $sudo apt-get install -y time >/dev/null; } ||
        { echo "bench: cannot install GNU time; install the 'time' package" >&2; exit 2; }
}

# Generates the corpus unless it is there (delete it to regenerate, or set
# FILES/SEED to other values: the parameters are checked).
ensure_corpus() {
    if [ -f "$CORPUS/CORPUS.txt" ] &&
        grep -q "\"files\": $FILES," "$CORPUS/CORPUS.txt" &&
        grep -q "\"seed\": $SEED," "$CORPUS/CORPUS.txt"; then
        return
    fi
    python3 "$BENCH_DIR/gen_corpus.py" --files "$FILES" --seed "$SEED" --out "$CORPUS"
}

# corpus_desc: "10000 files, 16712 docs, 23.4 MB"
corpus_desc() {
    python3 - "$CORPUS/CORPUS.txt" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
s = json.loads(text[text.index("{"):])
print(f"{s['files']} files, {s['documents']} docs, {s['bytes'] / 1e6:.1f} MB")
PY
}

machine_desc() {
    local model
    model="$(grep -m1 -E '^(model name|Model|cpu model)' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
    [ -n "$model" ] || model="$(uname -m)"
    echo "$(nproc) × $model"
}

# measure OUT_VAR_PREFIX ALLOWED_EXIT_CODES -- COMMAND...
# Runs COMMAND once under /usr/bin/time -v; sets ${prefix}_wall (seconds)
# and ${prefix}_rss (KiB). Exit codes outside ALLOWED_EXIT_CODES (a
# space-separated list) abort the benchmark.
measure() {
    local prefix="$1" allowed="$2"
    shift 3
    local log
    log="$(mktemp)"
    local rc=0
    /usr/bin/time -v -o "$log" "$@" || rc=$?
    if ! [[ " $allowed " == *" $rc "* ]]; then
        echo "bench: '$*' exited with $rc" >&2
        cat "$log" >&2
        rm -f "$log"
        exit 2
    fi
    local wall rss
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + p[i]
        printf "%.2f", s }' "$log")"
    rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")"
    rm -f "$log"
    printf -v "${prefix}_wall" '%s' "$wall"
    printf -v "${prefix}_rss" '%s' "$rss"
}

# runs COMMAND...: RUNS measured runs of COMMAND (exit 0 or 1); sets best
# and median (seconds) and max_rss (KiB).
runs() {
    local walls=() i sorted
    max_rss=0
    for i in $(seq 1 "$RUNS"); do
        measure run "0 1" -- "$@"
        echo "bench: run $i: ${run_wall}s, $(mib "$run_rss")" >&2
        walls+=("$run_wall")
        if [ "$run_rss" -gt "$max_rss" ]; then max_rss="$run_rss"; fi
    done
    sorted="$(printf '%s\n' "${walls[@]}" | sort -g)"
    best="$(echo "$sorted" | head -1)"
    median="$(echo "$sorted" | awk '{ a[NR] = $1 } END {
        if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }')"
}

# checkov_file FILE FRAMEWORK DESC: one timed Checkov run on FILE (installed
# into benches/.venv on first use, CHECKOV_VERSION to pin), printed as a
# table row with DESC in the second column.
checkov_file() {
    local file="$1" framework="$2" desc="$3" out findings version
    local venv="$BENCH_DIR/.venv"
    if [ ! -x "$venv/bin/checkov" ]; then
        echo "bench: installing checkov into $venv" >&2
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --upgrade pip
        "$venv/bin/pip" install --quiet "checkov${CHECKOV_VERSION:+==$CHECKOV_VERSION}"
    fi
    out="$(mktemp)"
    measure ck "0 1" -- bash -c '"$@" >"'"$out"'"' _ "$venv/bin/checkov" -f "$file" --framework "$framework" --quiet --compact -o json --skip-download
    findings="$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
d = d if isinstance(d, list) else [d]
print(sum(len(x.get("results", {}).get("failed_checks", [])) for x in d))' "$out")"
    rm -f "$out"
    version="$("$venv/bin/checkov" --version)"
    echo "| checkov $version | $desc | 1 | ${ck_wall} s | ${ck_wall} s | $(mib "$ck_rss") | $findings | $(machine_desc) |"
}

# mib KIB -> "123.4 MiB"
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

table_header() {
    if [ -z "${NO_HEADER:-}" ]; then
        echo "| tool | corpus | runs | best wall | median wall | peak RSS (max) | findings | machine |"
        echo "|---|---|---|---|---|---|---|---|"
    fi
}
