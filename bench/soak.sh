#!/usr/bin/env bash
# Soak: a real hub, PANES panes with real channels, channels killed -9 and restarted at random; hub RSS sampled.
# ./bench/soak.sh [SECONDS (3600)] [PANES (20)] [SENDS_PER_SECOND_PER_PANE (1)]
set -euo pipefail
. "$(dirname "$0")/../lib/bench.sh"
bench_java dev.mosaic.bench.Soak "$@"
