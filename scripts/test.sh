#!/usr/bin/env bash
# Runs every test McpConsole has: unit (Core), component + integration (Web, real SQLite and Hangfire),
# the sample MCP server, probing against real MCP servers (sample server + npm reference servers), and
# browser tests in Debian's Chromium. Installs what the tests need when it is missing.
# Ends with one line: "N passed, N failed, N skipped" (the real totals, summed from the TRX files).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results" "$root/artifacts/screenshots"
mkdir -p "$results"

bash scripts/install-test-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

echo "== build"
if ! dotnet build McpConsole.sln -nologo -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

# One project at a time: the suites start real servers and measure timeouts; on a 2-core machine
# running them side by side makes timing-based checks lie.
projects=(
  tests/McpConsole.Core.Tests
  tests/McpConsole.Web.Tests
  tests/McpConsole.SampleServer.Tests
  tests/McpConsole.Probing.Tests
  e2e/McpConsole.E2E
)
status=0
for project in "${projects[@]}"; do
  [ -d "$project" ] || continue
  name=$(basename "$project")
  echo "== $name"
  start=$(date +%s)
  dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --blame-hang-timeout 10m || status=1
  echo "   ($name took $(( $(date +%s) - start )) s)"
done

# No child the tests started (sample servers, reference servers from npm, console instances) may outlive them.
survivors() {
  for proc in /proc/[0-9]*; do
    [ "${proc#/proc/}" = "$$" ] && continue
    cmd=$(tr '\0' ' ' <"$proc/cmdline" 2>/dev/null) || continue
    case "$cmd" in *"$root/src/"*|*"$root/tests/"*|*"$root/e2e/"*|*"$root/node_modules/"*) echo "${proc#/proc/} $cmd" ;; esac
  done
}
left=""
for _ in $(seq 1 15); do
  left=$(survivors)
  [ -z "$left" ] && break
  sleep 1
done
if [ -n "$left" ]; then
  echo "== processes left running after the tests (a failure):"
  echo "$left"
  awk '{print $1}' <<<"$left" | xargs -r kill -9 2>/dev/null
  survivor_failure=1
fi

passed=0; failed=0; skipped=0; found=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  found=1
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  x=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${total:-0} - ${x:-0}))
done
# A test run that crashed before writing its TRX still counts as a failure.
if [ "$found" = 0 ] || { [ "$status" != 0 ] && [ "$failed" = 0 ]; }; then failed=$((failed + 1)); fi
if [ "${survivor_failure:-0}" = 1 ]; then failed=$((failed + 1)); fi

echo "Screenshots: artifacts/screenshots  TRX: artifacts/test-results"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
