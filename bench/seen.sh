#!/usr/bin/env bash
# Seen latency and socket latency with a real Claude Code (BENCHMARKS.md, "Seen latency"): sets up what the real
# Claude Code e2e sets up (a hub, Bob on channel push, Carol on Claude Code's messaging socket, a fake model API),
# checks it as the e2e does, then runs bench/seen.mjs on it: RUNS rounds a pane (default 20), one message at a time.
#
#   bench/seen.sh [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS="${1:-20}"
case "$RUNS" in ''|*[!0-9]*) echo "usage: $0 [RUNS]" >&2; exit 2 ;; esac
MOSAIC_E2E_BENCH="$RUNS" MOSAIC_E2E_MCP_TIMEOUT="${MOSAIC_E2E_MCP_TIMEOUT:-180000}" exec "$ROOT/e2e/claude-code/run.sh"
