#!/usr/bin/env bash
# Issue #15 "Scale": send, inbox-read and pane-list latency at growing stored-message counts: ./bench/scale.sh [TIERS…] (default 10000 100000 1000000)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/lib/jdk.sh"
JDK="$(find_jdk)"
cd "$ROOT"
JAVA_HOME="$JDK" mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
exec "$JDK/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.mosaic.bench.ScaleBench "$@"
