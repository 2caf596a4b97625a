#!/usr/bin/env bash
# Cold start to the first 200 from /health, for the minimal, rest and all profiles, against a minimal Apache Karaf
# started on the same machine in the same run (time until its console's SSH port accepts connections).
# Also the resident memory (RSS) of the platform once started. Usage: bench/startup.sh [RUNS]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
RUNS=${1:-5}
KARAF_VERSION=4.4.8
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for profile in minimal rest all; do
  # one start to create the data folder (database, demo data), not measured
  port=$(free_port); start_platform "$profile" "$port" "$work/$profile"; stop_platform
  : >"$work/$profile.times"; : >"$work/$profile.rss"
  for i in $(seq "$RUNS"); do
    port=$(free_port); start_platform "$profile" "$port" "$work/$profile"
    echo "$STARTUP_MS" >>"$work/$profile.times"
    sleep 3; rss_mb "$PLATFORM_PID" >>"$work/$profile.rss"
    stop_platform
  done
  printf '%-8s start to first /health 200: median %s ms (runs: %s); RSS after start: median %s MB\n' "$profile" \
    "$(median <"$work/$profile.times")" "$(paste -sd' ' "$work/$profile.times")" "$(median <"$work/$profile.rss")"
done

# Apache Karaf, minimal distribution, from Maven Central
tarball="$HOME/.m2/repository/org/apache/karaf/apache-karaf-minimal/$KARAF_VERSION/apache-karaf-minimal-$KARAF_VERSION.tar.gz"
[ -f "$tarball" ] || mvn -q dependency:get -Dartifact="org.apache.karaf:apache-karaf-minimal:$KARAF_VERSION:tar.gz" -Dtransitive=false
# Karaf 4.4 refuses to start on Java 24+ (its scripts enable the Security Manager): run it on the newest JDK
# below 24 found on the machine. Extracted once; the first start (feature resolution) is not measured, the
# measured ones are restarts with its cache, which is Karaf at its fastest.
if [ -z "${KARAF_JAVA_HOME:-}" ]; then
  for candidate in /usr/lib/jvm/*/; do
    [ -x "${candidate}bin/java" ] || continue
    major=$("${candidate}bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ "${major:-0}" -ge 11 ] && [ "${major:-0}" -lt 24 ]; then KARAF_JAVA_HOME=${candidate%/}; fi
  done
fi
[ -n "${KARAF_JAVA_HOME:-}" ] || { echo "bench: Karaf needs a JDK 11 to 23 (set KARAF_JAVA_HOME)" >&2; exit 2; }
mkdir -p "$work/karaf"; tar -xzf "$tarball" -C "$work/karaf" --strip-components=1
port=$(free_port)
sed -i "s/^sshPort *=.*/sshPort = $port/" "$work/karaf/etc/org.apache.karaf.shell.cfg"
start_karaf() {
  local t0; t0=$(now_ms)
  CHECK_ROOT_INSTANCE_RUNNING=false JAVA_HOME="$KARAF_JAVA_HOME" "$work/karaf/bin/karaf" server >"$work/karaf.log" 2>&1 &
  kpid=$!
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    kill -0 "$kpid" 2>/dev/null || { echo "bench: karaf died, see log:" >&2; cat "$work/karaf.log" >&2; exit 1; }
    sleep 0.01
  done
  KARAF_MS=$(( $(now_ms) - t0 ))
}
stop_karaf() { kill "$kpid" 2>/dev/null || true; wait "$kpid" 2>/dev/null || true; pkill -f "karaf.base=$work/karaf" 2>/dev/null || true; sleep 1; }
start_karaf; stop_karaf
: >"$work/karaf.times"
for i in $(seq "$RUNS"); do start_karaf; echo "$KARAF_MS" >>"$work/karaf.times"; stop_karaf; done
karaf=$(median <"$work/karaf.times")
minimal=$(median <"$work/minimal.times")
printf '%-8s start to SSH console ready: median %s ms (runs: %s)\n' karaf "$karaf" "$(paste -sd' ' "$work/karaf.times")"
awk -v m="$minimal" -v k="$karaf" 'BEGIN {printf "ratio minimal/karaf: %.2f (target: at most 0.20)\n", m/k}'
