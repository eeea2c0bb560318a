#!/bin/sh
# Runs the whole copydesk benchmark on one core and prints one table.
#
#   tests/bench/run_bench.sh [--smoke] [--build DIR | --bin PATH] [copydesk_bench options]
#
# --build DIR  build tree to use (default: $COPYDESK_BUILD_DIR or ./build); the
#              copydesk_bench target is built there first
# --bin PATH   run this copydesk_bench binary as is (ctest does)
# --smoke      tiny corpus, few repetitions: checks that it runs and prints, not how fast
# Everything else (--verbose, --rules DIR, --python PATH, --benchmark_filter=...) goes to
# copydesk_bench. Pinned with `taskset -c 1` when that core exists, else core 0.
set -eu
build="${COPYDESK_BUILD_DIR:-build}"
bin=""
smoke=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --smoke) smoke="--smoke"; shift ;;
    *) break ;;
  esac
done
if [ -z "$bin" ]; then
  cmake --build "$build" --target copydesk_bench -j2 >&2
  bin="$build/tests/bench/copydesk_bench"
fi
[ -x "$bin" ] || { echo "run_bench.sh: no benchmark binary at $bin" >&2; exit 1; }

pin=""
if command -v taskset >/dev/null 2>&1; then
  if taskset -c 1 true 2>/dev/null; then pin="taskset -c 1"
  elif taskset -c 0 true 2>/dev/null; then pin="taskset -c 0"
  fi
fi
[ -n "$pin" ] || echo "run_bench.sh: taskset unavailable; running unpinned" >&2

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
status=0
$pin "$bin" $smoke "$@" >"$out" || status=$?
cat "$out"
if [ "$status" -ne 0 ]; then
  echo "run_bench.sh: copydesk_bench exited with status $status" >&2
  exit "$status"
fi
# The run must have printed the table, every row filled in, and the target summary.
grep -q '^| measurement ' "$out" || { echo "run_bench.sh: no table printed" >&2; exit 1; }
grep -q '^| end to end, shipped+10k (ar) ' "$out" || { echo "run_bench.sh: no end-to-end row" >&2; exit 1; }
grep -q '^targets met: [0-9]* of [0-9]*$' "$out" || { echo "run_bench.sh: no target summary" >&2; exit 1; }
if grep '^| ' "$out" | grep -v 'Python' | grep -q '| *n/a *|'; then
  echo "run_bench.sh: a measurement is missing (n/a) in the table" >&2
  exit 1
fi
