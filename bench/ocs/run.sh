#!/usr/bin/env bash
# OCS GE benchmark: synthetic GeoPackages → POST /ocs/api/imports (polygons per second), indicators of every
# commune, EPCI and département (total time, p50/p99 per commune), and the same areas aggregated by PostGIS
# from the same GeoPackages (relative difference and the ratio of the two timings).
#
#   bench/ocs/run.sh [DEPARTEMENTS] [MEAN_CELL_M2]     e.g. bench/ocs/run.sh 68 150000 ; bench/ocs/run.sh 08,10,51,52,54,55,57,67,68,88 2500
#
# Needs: the distribution built (platform.core/distribution/target/platform) with plugin.ocs installed,
# PostgreSQL 15 + PostGIS (Debian postgresql-15-postgis-3), gdal-bin (ogr2ogr), python3.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEPS=${1:-68}
CELL=${2:-150000}
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
  JAVA_HOME=$( (ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null || true) | sort -V | tail -n1)
fi
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
WORK=$(mktemp -d -t ocs-bench.XXXXXX)
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  declare -F _dge_postgres_cleanup >/dev/null && _dge_postgres_cleanup || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== generating the synthetic OCS GE of $DEPS (mean cell $CELL m²)"
CP=$(cd "$ROOT" && mvn -q -B -o -f plugin.ocs/generator/pom.xml dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null && cat "$WORK/cp.txt")
COMMUNES="$ROOT/platform.core/territories/src/main/resources/fr/datagrandest/platform/core/territories/data/communes-grand-est.geojson.gz"
"$JAVA" -Xmx3g -cp "$ROOT/plugin.ocs/generator/target/classes:$CP" fr.datagrandest.plugin.ocs.generator.Main \
  "$COMMUNES" "$WORK/gpkg" "$CELL" "$DEPS"

echo "== starting the platform (kernel + REST + territories + OCS)"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/data/conf"
echo 'demoDepartement = ""' > "$WORK/data/conf/fr.datagrandest.plugin.ocs.cfg"
LAUNCHER=$(ls "$ROOT"/platform.core/distribution/target/platform/platform.core.launcher-*.jar | head -n1)
ADMIN_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
export OCS_BENCH_ADMIN="admin:$ADMIN_PASSWORD"
DGE_ADMIN_PASSWORD=$ADMIN_PASSWORD "$JAVA" -XX:+UseSerialGC -Xmx${OCS_BENCH_HEAP:-2g} \
  -jar "$LAUNCHER" run --profile "$ROOT/bench/ocs/ocs.bndrun" --port "$PORT" --data "$WORK/data" >"$WORK/platform.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/ocs/api/nomenclatures" >/dev/null 2>&1 && break
  sleep 1
done

. "$ROOT/platform.core/storage/src/test/postgres-for-tests.sh"
postgres_for_tests >/dev/null
PGURL=${DGE_TEST_POSTGRES_URL#jdbc:postgresql://}
export PGHOST=${PGURL%%:*} PGPORT=${PGURL#*:}; PGPORT=${PGPORT%%/*}; export PGDATABASE=${PGURL##*/}
export PGUSER=$DGE_TEST_POSTGRES_USER PGPASSWORD=$DGE_TEST_POSTGRES_PASSWORD
psql -q -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null

python3 "$ROOT/bench/ocs/measure.py" "http://127.0.0.1:$PORT" "$WORK/gpkg" "$DEPS"
