#!/usr/bin/env bash
# Cold start of the console to GET /ready 200, and idle memory, over N runs (issue 2's figures).
# Each run uses a fresh data directory (migrations, first admin, Hangfire schema included), then one more run
# re-uses it (a restart). Prints medians; writes docs/benchmarks/startup.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
port=5399
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Measured as deployed: the Dockerfile's publish (ReadyToRun). bench/startup.sh 5 build measures the plain build output.
if [ "${2:-publish}" = build ]; then
  dotnet build src/McpConsole.Web -c Release -nologo -clp:ErrorsOnly >/dev/null
  dll=src/McpConsole.Web/bin/Release/net10.0/McpConsole.Web.dll
  form="Release build output (JIT only)"
else
  dotnet publish src/McpConsole.Web -c Release -r linux-x64 --self-contained false -o "$work/app" -nologo -clp:ErrorsOnly >/dev/null
  dll=$work/app/McpConsole.Web.dll
  form="published as in the Dockerfile (Release, linux-x64, ReadyToRun)"
fi

measure() { # data-dir -> prints "ms rss_mib cpu_ms"
  local dir=$1 start pid code ms rss cpu
  start=$(date +%s%N)
  McpConsole__DataDirectory=$dir McpConsole__Bootstrap__AdminPassword=bench-password-123 McpConsole__LogToConsole=false \
    dotnet "$dll" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 1500); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/ready" || true)
    [ "$code" = 200 ] && break
    sleep 0.01
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  # CPU time the console used to get ready: a figure that other load on the machine does not inflate.
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) * 1000 / hz}' "/proc/$pid/stat")
  sleep 10
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ms $rss $cpu"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

cold=(); rss=(); cpus=()
for i in $(seq 1 "$runs"); do
  read -r ms mib cpu < <(measure "$work/run$i")
  cold+=("$ms"); rss+=("$mib"); cpus+=("$cpu")
  echo "run $i: ready after $ms ms wall, $cpu ms CPU (fresh data directory), idle RSS $mib MiB"
done
read -r warm warm_rss warm_cpu < <(measure "$work/run1")
echo "restart on existing data: ready after $warm ms, idle RSS $warm_rss MiB"

cold_median=$(printf '%s\n' "${cold[@]}" | median)
rss_median=$(printf '%s\n' "${rss[@]}" | median)
cpu_median=$(printf '%s\n' "${cpus[@]}" | median)
load=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
mkdir -p docs/benchmarks
cat > "docs/benchmarks/startup${2:+-$2}.md" <<MD
# Console start-up (bench/startup.sh)

Machine: $(nproc) cores, $cpu, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $form, \`dotnet McpConsole.Web.dll\`.
Measured $(date -u +%Y-%m-%d) over $runs runs, each on a fresh data directory (creates both SQLite files, runs migrations,
creates the admin), from process start to the first \`GET /ready\` answering 200 (database and Hangfire server up).

| figure | value | target |
|---|---|---|
| cold start to /ready 200, median (wall) | $cold_median ms | < 3000 ms |
| CPU time used until ready, median | $cpu_median ms | |
| cold start, all runs | ${cold[*]} ms | |
| restart on existing data | $warm ms wall, $warm_cpu ms CPU | |
| load average when measured | $load | |
| idle RSS 10 s after ready, median | $rss_median MiB | < 200 MiB |
MD
echo "median cold start $cold_median ms, median idle RSS $rss_median MiB -> docs/benchmarks/startup${2:+-$2}.md"
