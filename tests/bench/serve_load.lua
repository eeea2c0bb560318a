-- wrk script for tests/bench/serve_load.sh: sends the request body in $COPYDESK_LOAD_BODY
-- (a file; none: a GET) and prints one table row: requests/s, p50, p90, p99 and max latency,
-- and every failure (connect, read, write, timeout, non-2xx answers).
local body_file = os.getenv("COPYDESK_LOAD_BODY")
local label = os.getenv("COPYDESK_LOAD_LABEL") or "request"

if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
end
local token = os.getenv("COPYDESK_LOAD_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local failed = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("| %-34s | %9.0f | %8.3f | %8.3f | %8.3f | %8.3f | %9d | %6d |\n",
    label, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests, failed))
end
