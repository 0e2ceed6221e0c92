#!/usr/bin/env bash
# The web workstation's figures in Debian's headless chromium: ./bench/workstation.sh [PAGE_LOADS] [KEYSTROKES]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/lib/jdk.sh"
JDK="$(find_jdk)"
cd "$ROOT"
JAVA_HOME="$JDK" mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
exec "$JDK/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.mosaic.bench.WorkstationBench "$@"
