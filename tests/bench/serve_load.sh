#!/bin/sh
# Load test of `copydesk serve` on loopback with wrk: starts the server on 127.0.0.1 and a
# free port, runs wrk for a fixed time per row, prints one table (requests/s and latency
# percentiles), stops the server. Every run is bounded: DURATION seconds per row.
#
#   tests/bench/serve_load.sh [--build DIR | --bin PATH] [--duration S] [--connections N] [--smoke]
#
# --build DIR       build tree holding host-adapters/cli/copydesk (default: $COPYDESK_BUILD_DIR or ./build)
# --bin PATH        the copydesk binary to run
# --duration S      seconds per row (default 10)
# --connections N   concurrent connections (default 8); the server gets as many worker threads
# --smoke           1 s per row, 2 connections: checks that it runs and prints, not how fast
# Exits 1 when any request failed (a non-2xx answer, a timeout or a dropped connection).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build="${COPYDESK_BUILD_DIR:-build}"
bin=""
duration=10
connections=8
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --smoke) duration=1; connections=2; shift ;;
    *) echo "serve_load.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ -n "$bin" ] || bin="$build/host-adapters/cli/copydesk"
[ -x "$bin" ] || { echo "serve_load.sh: no copydesk binary at $bin" >&2; exit 2; }
command -v wrk >/dev/null || { echo "serve_load.sh: wrk is not installed (Debian package wrk)" >&2; exit 2; }

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Request bodies: the 1 KB Arabic example article as one text, and as three segments.
python3 - "$root/examples/articles/isis-financing-ar.txt" "$work" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
paras = [p for p in text.split("\n\n") if p.strip()]
with open(sys.argv[2] + "/text.json", "w", encoding="utf-8") as f:
    json.dump({"text": text, "format": "text"}, f, ensure_ascii=False)
segments = [{"kind": "headline", "id": "title", "text": paras[0]}]
segments += [{"kind": "body", "id": "b%d" % i, "text": p} for i, p in enumerate(paras[1:])]
with open(sys.argv[2] + "/segments.json", "w", encoding="utf-8") as f:
    json.dump({"segments": segments, "format": "text"}, f, ensure_ascii=False)
PY

"$bin" serve --no-config --listen 127.0.0.1:0 --rules "$root/rules" --threads "$connections" \
  >"$work/server.out" 2>"$work/server.err" &
pid=$!
tries=0
until grep -q "listening on" "$work/server.out" 2>/dev/null; do
  tries=$((tries + 1))
  if [ "$tries" -gt 300 ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "serve_load.sh: the server did not start:" >&2
    cat "$work/server.err" >&2
    exit 1
  fi
  sleep 0.1
done
port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.out")
url="http://127.0.0.1:$port"
threads=$(nproc 2>/dev/null || echo 2)
[ "$threads" -le "$connections" ] || threads=$connections

echo "copydesk serve load test — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc 2>/dev/null || echo '?') cores," \
  "wrk $threads threads, $connections connections, ${duration} s per row, server $connections threads"
echo "| request                            |     req/s | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |  requests | failed |"
echo "|------------------------------------|----------:|---------:|---------:|---------:|---------:|----------:|-------:|"
row() {  # label, path, body file ("" for GET)
  COPYDESK_LOAD_LABEL="$1" COPYDESK_LOAD_BODY="$3" \
    wrk --latency -t "$threads" -c "$connections" -d "${duration}s" --timeout 5s -s "$here/serve_load.lua" \
    "$url$2" >"$work/wrk.out" 2>&1 || { cat "$work/wrk.out" >&2; exit 1; }
  grep '^|' "$work/wrk.out" | tee -a "$work/table"
}
row "GET /v1/health (HTTP baseline)" /v1/health ""
row "POST /v1/scan, 1 KB Arabic text" /v1/scan "$work/text.json"
row "POST /v1/scan, same as 5 segments" /v1/scan "$work/segments.json"

# One answer checked by hand: the article's findings came back.
python3 - "$url" "$work/text.json" <<'PY'
import json, sys, urllib.request
req = urllib.request.Request(sys.argv[1] + "/v1/scan", data=open(sys.argv[2], "rb").read(),
                             headers={"Content-Type": "application/json"})
doc = json.load(urllib.request.urlopen(req, timeout=10))
rules = sorted({f["rule"] for f in doc["findings"]})
print("findings per scan: %d (%s)" % (len(doc["findings"]), ", ".join(rules)))
assert "extremism.isis" in rules, rules
PY
rows=$(grep -c '^|' "$work/table")
failed=$(awk -F'|' '{ s += $9 } END { print s + 0 }' "$work/table")
[ "$rows" -eq 3 ] || { echo "serve_load.sh: the table is incomplete" >&2; exit 1; }
[ "$failed" -eq 0 ] || { echo "serve_load.sh: $failed requests failed" >&2; exit 1; }
