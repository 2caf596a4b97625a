#!/usr/bin/env bash
# Partner SDK figures: time to generate a plugin from the template, to build and test it, and to install the
# REST layer (29 bundles) into a minimal platform by resolution from the published repository index.
# Run from the repository root after ./dge build and a build of platform.sdk (mvn -f platform.sdk/pom.xml install).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA_HOME="$("$ROOT/dge" java-home)"; export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
PORT="${PORT:-18086}"
WORK="$(mktemp -d)"
trap 'kill "${PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
VERSION=1.0.0-SNAPSHOT

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }

cd "$WORK"
t=$(now)
mvn -B -q -o org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate -DarchetypeGroupId=fr.datagrandest -DarchetypeArtifactId=platform.sdk.archetype \
  -DarchetypeVersion=$VERSION -DgroupId=fr.example.bench -DartifactId=bench-notes -Dversion=1.0.0 \
  -Dpackage=fr.example.bench -DpluginName=bench -DpluginTitle=Bench >/dev/null
echo "archetype:generate            $(since "$t") s"
t=$(now)
(cd bench-notes && mvn -B -q -o verify >/dev/null)
echo "mvn verify (generated plugin) $(since "$t") s"

mkdir -p data/conf
echo "repositories = $ROOT/platform.sdk/repository/target/repository" > data/conf/fr.datagrandest.platform.modules.cfg
DGE_ADMIN_PASSWORD=bench-Admin-2026 "$JAVA_HOME/bin/java" -jar "$ROOT"/platform.core/distribution/target/platform/platform.core.launcher-*.jar \
  run --profile minimal --port "$PORT" --data "$WORK/data" > "$WORK/platform.log" 2>&1 &
PID=$!
until curl -sf "http://localhost:$PORT/health" >/dev/null; do sleep 0.5; done
api() { curl -sf -u admin:bench-Admin-2026 -H 'Accept: text/plain' "$@"; }
t=$(now)
api "http://localhost:$PORT/api/admin/modules/available" >/dev/null
echo "list available (67 modules)   $(since "$t") s"
t=$(now)
api -X POST "http://localhost:$PORT/api/admin/modules/available/fr.datagrandest.platform.core.rest/install?dryRun=true" >/dev/null
echo "dry run, REST layer           $(since "$t") s"
t=$(now)
api -X POST "http://localhost:$PORT/api/admin/modules/available/fr.datagrandest.platform.core.rest/install" >/dev/null
echo "install, REST layer (29)      $(since "$t") s"
