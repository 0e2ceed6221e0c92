#!/usr/bin/env bash
# Soak: a real hub, PANES panes with real channels, channels killed -9 and restarted at random; hub RSS sampled.
# ./bench/soak.sh [SECONDS (3600)] [PANES (20)] [SENDS_PER_SECOND_PER_PANE (1)]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/lib/jdk.sh"
JDK="$(find_jdk)"
cd "$ROOT"
JAVA_HOME="$JDK" mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
exec "$JDK/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" dev.mosaic.bench.Soak "$@"
