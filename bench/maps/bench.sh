#!/usr/bin/env bash
# Map services under load: 8 concurrent clients (wrk, 2 threads) for DURATION seconds each against a running
# platform at BASE: random 256×256 GetMap PNG of the communes from the region to a commune, OGC API Features
# pages of 100 communes, MVT tiles z6–z14 (mostly uncached), cached tiles (z6–z10 after a warm-up pass),
# and GetCapabilities. Usage: BASE=http://localhost:8080 DURATION=20 bench/maps/bench.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
BASE="${BASE:-http://localhost:8080}"
DURATION="${DURATION:-20}"
command -v wrk >/dev/null || { echo "bench: install wrk (Debian package wrk)" >&2; exit 2; }
curl -sf -o /dev/null "$BASE/maps/api/layers" || { echo "bench: no map services at $BASE" >&2; exit 2; }
run() { MAPS_KIND=$1 wrk -t2 -c8 -d"${2:-$DURATION}s" --latency -s random.lua "$BASE" | grep '^RESULT'; }
run getmap
run features
run tiles
run cached 10 >/dev/null   # warm the cache for z6–z10
run cached
run capabilities
