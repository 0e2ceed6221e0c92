#!/bin/bash
# Claude Code hook (DESIGN.md §10): forwards the hook's stdin JSON to the Mosaic hub as the pane in MOSAIC_*.
# Claude Code waits for every hook, so this never starts a JVM, gives up after 1 s, always exits 0, and prints
# nothing on stdout (a hook's stdout can steer Claude Code). Outside a Mosaic pane it does nothing.
#
# Fast path (BENCHMARKS.md, hook): a hub on this machine (http://127.0.0.1:PORT or localhost) gets the POST over
# bash's own /dev/tcp, with no process started: starting curl was most of the hook's cost. The hook waits for the
# answer's first byte (up to 1 s), so two hooks in a row still reach the hub in order. Any other address goes
# through curl, which is given the token as a config file on fd 3, never on a command line (`ps` shows those).
if [ -z "${MOSAIC_URL:-}" ] || [ -z "${MOSAIC_PANE_ID:-}" ] || [ -z "${MOSAIC_TOKEN:-}" ]; then
  exec cat >/dev/null 2>&1
fi
LC_ALL=C # ${#body} counts bytes, as Content-Length wants
url="${MOSAIC_URL%/}"
hostport="${url#http://}"
host="${hostport%:*}"
port="${hostport##*:}"
path="/api/v1/panes/${MOSAIC_PANE_ID}/agent-events"
if [ "$hostport" != "$url" ] && [ "$host:$port" = "$hostport" ] \
    && [[ $host =~ ^(127\.[0-9]+\.[0-9]+\.[0-9]+|localhost)$ && $port =~ ^[0-9]{1,5}$ ]] \
    && [[ $MOSAIC_PANE_ID =~ ^[A-Za-z0-9_-]+$ && $MOSAIC_TOKEN =~ ^[A-Za-z0-9._~+/=-]+$ ]]; then
  # Claude Code (Node) gives its hooks a socket, not a pipe, as stdin: /dev/stdin cannot be opened then (ENXIO),
  # and cat reads it instead. A pipe (a shell, the tests) is read without starting cat.
  { body="$(</dev/stdin)"; } 2>/dev/null || body="$(cat)"
  { exec 4<>"/dev/tcp/$host/$port"; } 2>/dev/null || exit 0
  printf 'POST %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$path" "$hostport" "$MOSAIC_TOKEN" "${#body}" "$body" >&4 2>/dev/null
  read -r -t 1 -n 1 _ <&4 2>/dev/null # the answer's first byte: the hub has handled the event
  exit 0
fi
if ! command -v curl >/dev/null 2>&1; then
  exec cat >/dev/null 2>&1
fi
curl --config /dev/fd/3 --silent --output /dev/null --max-time 1 --noproxy '*' \
  -H 'Content-Type: application/json' --data-binary @- >/dev/null 2>&1 3<<CONFIG
url = "${url}${path}"
header = "Authorization: Bearer ${MOSAIC_TOKEN}"
CONFIG
exit 0
