# Shared by the benchmark scripts: the JDK, the built distribution, and starting/stopping a platform.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/platform.core/distribution/target/platform"
# The same JDK choice as ./dge
JAVA_HOME="$("$ROOT/dge" java-home)"
JAVA="$JAVA_HOME/bin/java"
LAUNCHER="$(ls "$DIST"/platform.core.launcher-*.jar 2>/dev/null | head -n1)"
[ -n "$LAUNCHER" ] || { echo "bench: build the platform first (./dge build)" >&2; exit 2; }
# The JVM options of ./dge run (class-data archive included): the figures are those of the platform users start
mapfile -t JVM_OPTS < <("$ROOT/dge" java-options)
export DGE_ADMIN_PASSWORD="${DGE_ADMIN_PASSWORD:-bench-Admin-Password-2026}"

now_ms() { date +%s%3N; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1]); s.close()'; }

# start_platform PROFILE PORT DATA → sets PLATFORM_PID and STARTUP_MS (launch to first 200 from /health)
start_platform() {
  local profile=$1 port=$2 data=$3 t0
  t0=$(now_ms)
  "$JAVA" "${JVM_OPTS[@]}" -jar "$LAUNCHER" run --profile "$profile" --port "$port" --data "$data" >"$data.log" 2>&1 &
  PLATFORM_PID=$!
  until curl -sf -o /dev/null "http://localhost:$port/health"; do
    kill -0 "$PLATFORM_PID" 2>/dev/null || { echo "bench: the platform died, see $data.log" >&2; return 1; }
    sleep 0.01
  done
  STARTUP_MS=$(( $(now_ms) - t0 ))
}

stop_platform() {
  kill "$PLATFORM_PID" 2>/dev/null || true
  wait "$PLATFORM_PID" 2>/dev/null || true
}

rss_mb() { awk '/VmRSS/ {printf "%.0f\n", $2/1024}' "/proc/$1/status"; }
