#!/usr/bin/env bash
# The web workstation's figures in Debian's headless chromium: ./bench/workstation.sh [PAGE_LOADS] [KEYSTROKES]
set -euo pipefail
. "$(dirname "$0")/../lib/bench.sh"
bench_java dev.mosaic.bench.WorkstationBench "$@"
