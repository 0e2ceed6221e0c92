#!/usr/bin/env bash
# Terminal figures: spawn → first byte, and a keystroke's round trip through the hub's WebSocket beside a bare PTY.
#   ./bench/terminal.sh [KEYSTROKES] [SPAWNS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/lib/jdk.sh"
JDK="$(find_jdk)"
cd "$ROOT"
JAVA_HOME="$JDK" mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
exec "$JDK/bin/java" --enable-native-access=ALL-UNNAMED -Dpty4j.tmpdir="$ROOT/target/pty4j" \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" dev.mosaic.bench.TerminalBench "$@"
