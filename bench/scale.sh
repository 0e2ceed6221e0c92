#!/usr/bin/env bash
# Issue #15 "Scale": send, inbox-read and pane-list latency at growing stored-message counts: ./bench/scale.sh [TIERS…] (default 10000 100000 1000000)
set -euo pipefail
. "$(dirname "$0")/../lib/bench.sh"
bench_java dev.mosaic.bench.ScaleBench "$@"
