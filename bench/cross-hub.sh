#!/usr/bin/env bash
# Push latency and throughput across two hubs on one PostgreSQL database, beside one hub on it and one on SQLite:
#   ./bench/cross-hub.sh [MESSAGES [THROUGHPUT_MESSAGES]]   (default 1000 and 800 each; needs PostgreSQL's initdb and pg_ctl, as the tests do)
set -euo pipefail
. "$(dirname "$0")/../lib/bench.sh"
bench_java dev.mosaic.bench.CrossHubBench "$@"
