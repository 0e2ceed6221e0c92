#!/usr/bin/env bash
# Quick figure for the hub's send path: ./bench/send.sh [SENDS] [CONCURRENCY]
set -euo pipefail
. "$(dirname "$0")/../lib/bench.sh"
bench_java dev.mosaic.bench.SendBench "$@"
