#!/bin/sh
# Runs the legal library benchmarks against the plugin's own classes (built first) and its embedded libraries.
# Usage: bench/legal/run.sh [documents=10000] [pagesPerDocument=5] [searches=4000]
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null | head -n1)}
MODULE="$ROOT/plugin.legal/legal"
if [ ! -d "$MODULE/target/classes" ] || [ ! -d "$MODULE/target/embedded" ]; then
  (cd "$ROOT" && mvn -B -q -pl plugin.legal,plugin.legal/legal package -DskipTests -Dbnd.testing.skip=true)
fi
CP="$MODULE/target/classes"
for jar in "$MODULE"/target/embedded/*.jar; do CP="$CP:$jar"; done
CP="$CP:$(ls ~/.m2/repository/com/fasterxml/jackson/core/jackson-databind/2.*/jackson-databind-*.jar | grep -v sources | tail -n1)"
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "$CP" "$(dirname "$0")/LegalBench.java" "$@"
