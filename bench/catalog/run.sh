#!/usr/bin/env bash
# Catalogue benchmark: synthetic records generated from the shipped ISO 19139 records, imported into an H2 file
# database (PostgreSQL mode) with the Lucene index, then searched by concurrent clients. Heap capped at 512 MB.
# Usage: bench/catalog/run.sh [records] [clients]   (defaults: 100000 records, 8 clients)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
RECORDS="${1:-100000}"
CLIENTS="${2:-8}"
if [ -z "${JAVA_HOME:-}" ] || [ "$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')" -lt 21 ]; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/*/ | sort -V | tail -n1); export JAVA_HOME
fi
mvn -B -q -o -pl plugin.catalog,plugin.catalog/catalog test-compile
mvn -B -o -pl plugin.catalog/catalog surefire:test -Dtest=CatalogBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.records="$RECORDS" -Dbench.clients="$CLIENTS" -DargLine="-Xmx512m" 2>&1 | grep '^BENCH'
