#!/usr/bin/env bash
# Runs the official MCP conformance suite (server scenarios) against the sample server over Streamable HTTP.
# Needs node 20 and the npm registry. Usage: scripts/conformance.sh [scenario]
set -euo pipefail
VERSION=0.1.13   # 0.1.14+ need node 22 (fs.globSync)
PORT=${PORT:-5899}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
dotnet build "$ROOT/src/McpConsole.SampleServer" -nologo -v q >/dev/null
dotnet "$ROOT/src/McpConsole.SampleServer/bin/Debug/net10.0/McpConsole.SampleServer.dll" --port "$PORT" --name conformance >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
(cd "$WORK" && npm init -y >/dev/null && npm install --no-audit --no-fund "@modelcontextprotocol/conformance@$VERSION" >/dev/null)
(cd "$WORK" && npx conformance server --url "http://127.0.0.1:$PORT/mcp" ${1:+--scenario "$1"}) || true
