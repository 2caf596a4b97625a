#!/usr/bin/env bash
# Zero-downtime swap: a steady HTTP load (wrk, 4 connections) on a plugin's endpoint (/hello of the test bundle,
# a plain servlet-whiteboard bundle) while the bundle is updated back and forth between two versions, and on
# /health (another module) to show that other modules are not disturbed. Reports requests sent, failed
# (non-2xx and socket errors) and swap durations. Usage: bench/hotswap.sh [SECONDS] [SWAPS]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SECONDS_OF_LOAD=${1:-30}
SWAPS=${2:-20}
command -v wrk >/dev/null || { echo "bench: needs wrk (apt-get install wrk)" >&2; exit 2; }
work=$(mktemp -d); trap 'stop_platform; rm -rf "$work"' EXIT
v1=$(ls "$ROOT"/platform.core/testbundles/hello-v1/target/testbundle.hello.v1-*.jar | grep -v tests | head -n1)
v2=$(ls "$ROOT"/platform.core/testbundles/hello-v2/target/testbundle.hello.v2-*.jar | grep -v tests | head -n1)
port=$(free_port); start_platform minimal "$port" "$work/data"
auth=(-u "admin:$DGE_ADMIN_PASSWORD")
curl -sf "${auth[@]}" -H 'Content-Type: application/java-archive' --data-binary @"$v1" "http://localhost:$port/api/admin/modules" >/dev/null

wrk -t2 -c4 -d"${SECONDS_OF_LOAD}s" "http://localhost:$port/hello" >"$work/hello.wrk" &
wrk1=$!
wrk -t1 -c2 -d"${SECONDS_OF_LOAD}s" "http://localhost:$port/health" >"$work/health.wrk" &
wrk2=$!
sleep 1
interval=$(awk -v s="$SECONDS_OF_LOAD" -v n="$SWAPS" 'BEGIN {printf "%.2f", (s-2)/n}')
for i in $(seq "$SWAPS"); do
  jar=$v2; query=""; if [ $((i % 2)) -eq 0 ]; then jar=$v1; query="?force=true"; fi
  curl -s "${auth[@]}" -H 'Content-Type: application/java-archive' --data-binary @"$jar" \
    "http://localhost:$port/api/admin/modules$query" | python3 -c 'import json,sys; print(json.load(sys.stdin)["swapMillis"])' >>"$work/swaps"
  sleep "$interval"
done
wait "$wrk1" "$wrk2"
report() { # file label
  local requests non2xx errors
  requests=$(awk '/requests in/ {print $1}' "$1")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$1"); non2xx=${non2xx:-0}
  errors=$(awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' "$1"); errors=${errors:-0}
  printf '%-8s requests: %s, failed: %s (non-2xx %s, socket errors %s)\n' "$2" "$requests" $((non2xx + errors)) "$non2xx" "$errors"
}
report "$work/hello.wrk" "/hello"
report "$work/health.wrk" "/health"
sort -n "$work/swaps" | awk '{a[NR]=$1; s+=$1} END {printf "swaps: %d, requests held per swap: median %d ms, max %d ms, mean %.0f ms\n", NR, a[int((NR+1)/2)], a[NR], s/NR}'
