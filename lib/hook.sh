#!/bin/sh
# Claude Code hook (DESIGN.md §10): forwards the hook's stdin JSON to the Mosaic hub as the pane in MOSAIC_*.
# Claude Code waits for every hook, so this never starts a JVM, gives up after 1 s, always exits 0, and prints
# nothing on stdout (a hook's stdout can steer Claude Code). Outside a Mosaic pane, or without curl, it does nothing.
# The token goes to curl as a config file on fd 3, never on a command line (`ps` shows those).
if [ -z "${MOSAIC_URL:-}" ] || [ -z "${MOSAIC_PANE_ID:-}" ] || [ -z "${MOSAIC_TOKEN:-}" ] \
    || ! command -v curl >/dev/null 2>&1; then
  cat >/dev/null 2>&1
  exit 0
fi
curl --config /dev/fd/3 --silent --output /dev/null --max-time 1 --noproxy '*' \
  -H 'Content-Type: application/json' --data-binary @- >/dev/null 2>&1 3<<CONFIG
url = "${MOSAIC_URL%/}/api/v1/panes/${MOSAIC_PANE_ID}/agent-events"
header = "Authorization: Bearer ${MOSAIC_TOKEN}"
CONFIG
exit 0
