#!/usr/bin/env bash
# What the tests need beyond the .NET SDK and Node: Debian's Chromium for the browser tests, PostgreSQL 15 for backups,
# promtool (Debian package prometheus) to validate /metrics.
# npm packages (front-end assets, reference MCP servers) are installed by the build and the test fixtures;
# the SMTP server for the alert/report tests (smtp4dev 3.15.0, a .NET tool) is installed by its fixture on first use.
set -euo pipefail

need() { ! command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
need chromium && missing+=(chromium)
# Backups: a throwaway PostgreSQL 15 cluster (initdb/pg_ctl) and the real pg_dump/pg_restore/psql.
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
need pg_dump && missing+=(postgresql-client)
need promtool && missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} (Debian packages)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v node >/dev/null || { echo "Node.js 20 is required (front-end assets and the reference MCP servers)." >&2; exit 1; }
command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required." >&2; exit 1; }
dotnet tool restore >/dev/null
