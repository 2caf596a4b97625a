#!/usr/bin/env bash
# Harvest benchmark: a catalogue of synthetic records (generated from the shipped ISO 19139 records) serves its own
# CSW over HTTP; a second catalogue harvests it (pages of 100, ISO 19139), then harvests it again unchanged. Each
# catalogue on an H2 file database (PostgreSQL mode) with its Lucene index; heap capped at 512 MB.
# Usage: bench/catalog/harvest.sh [records]   (default: 100000 records)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
RECORDS="${1:-100000}"
if [ -z "${JAVA_HOME:-}" ] || [ "$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')" -lt 21 ]; then
  JAVA_HOME=$(ls -d /usr/lib/jvm/*/ | sort -V | tail -n1); export JAVA_HOME
fi
mvn -B -q -o -pl plugin.catalog,plugin.catalog/catalog test-compile
mvn -B -o -pl plugin.catalog/catalog surefire:test -Dtest=HarvestBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.records="$RECORDS" -DargLine="-Xmx512m" 2>&1 | grep '^BENCH'
