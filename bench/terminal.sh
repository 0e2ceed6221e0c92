#!/usr/bin/env bash
# Terminal figures: spawn → first byte, and a keystroke's round trip through the hub's WebSocket beside a bare PTY.
#   ./bench/terminal.sh [KEYSTROKES] [SPAWNS]
set -euo pipefail
. "$(dirname "$0")/../lib/bench.sh"
bench_java -Dpty4j.tmpdir="$(cd "$(dirname "$0")/.." && pwd)/target/pty4j" dev.mosaic.bench.TerminalBench "$@"
