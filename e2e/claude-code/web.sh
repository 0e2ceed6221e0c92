#!/usr/bin/env bash
# End-to-end test of the web workstation with the real Claude Code (issue 13's "Done when"), run by .ci/run after
# run.sh: `./mosaic up --open` hands its login link to the browser (headless Chromium, driven by Selenium), two Claude
# Code agents are spawned from the page's dialog, keys typed into one agent's terminal tile make its (fake) model call
# the channel's send tool to the other, the timeline shows the message and the answer with their routes, and a tool
# call needing permission, relayed by the hub, is allowed on the page so the command runs. The walk-through itself is
# the Java test dev.mosaic.web.ClaudeCodeWorkstationTest (skipped by ./run-tests, which has no Claude Code); this
# script installs the pinned Claude Code (as run.sh does), builds the jar `./mosaic up` runs, and runs that test.
#
#   e2e/claude-code/web.sh
#
# Environment: MOSAIC_E2E_DIR (where Claude Code is installed; default ~/.cache/mosaic-e2e), MOSAIC_E2E_TIMEOUT
# (seconds per step, default 180), MOSAIC_E2E_MCP_TIMEOUT (Claude Code's MCP_TIMEOUT in ms, default 30000).
# Needs node, npm, Maven, chromium and chromium-driver. Exit 0 on pass, 1 on fail.
set -uo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
CLAUDE_VERSION=2.1.330
E2E_DIR="${MOSAIC_E2E_DIR:-$HOME/.cache/mosaic-e2e}"
CLAUDE="$E2E_DIR/node_modules/.bin/claude"

log() { printf '[e2e web %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { echo; echo "================ web workstation e2e: FAIL ================"; echo "reason: $*"; exit 1; }

for tool in node npm; do
  command -v "$tool" >/dev/null || fail "$tool is missing"
done
if [ "$("$CLAUDE" --version 2>/dev/null | awk '{print $1}')" != "$CLAUDE_VERSION" ]; then
  log "installing @anthropic-ai/claude-code@$CLAUDE_VERSION into $E2E_DIR"
  mkdir -p "$E2E_DIR"
  [ -f "$E2E_DIR/package.json" ] || echo '{"private": true}' > "$E2E_DIR/package.json"
  timeout 600 npm install --prefix "$E2E_DIR" --no-audit --no-fund --loglevel=error \
    "@anthropic-ai/claude-code@$CLAUDE_VERSION" || fail "npm install failed"
fi
log "Claude Code: $("$CLAUDE" --version 2>&1)"

# The jar `./mosaic up` runs, built now: the test must not wait for a build, nor race one.
"$ROOT/mosaic" --version >/dev/null || fail "./mosaic does not run"
# shellcheck source=../../lib/jdk.sh
. "$ROOT/lib/jdk.sh"
log "running dev.mosaic.web.ClaudeCodeWorkstationTest"
if (cd "$ROOT" && MOSAIC_E2E_CLAUDE="$CLAUDE" JAVA_HOME="$(find_jdk)" mvn -B -ntp -q test \
    -Dtest=ClaudeCodeWorkstationTest -Dsurefire.failIfNoSpecifiedTests=false); then
  echo; echo "================ web workstation e2e: PASS ================"
  echo "screenshot: $ROOT/target/workstation-claude-code.png"
else
  fail "see the report above; the run's files (the hub's log, the model requests, Claude Code's debug files) are kept in the folder named in target/surefire-reports/dev.mosaic.web.ClaudeCodeWorkstationTest-output.txt"
fi
