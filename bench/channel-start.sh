#!/usr/bin/env bash
# Cold start and memory of `mosaic channel`: spawn -> `initialize` answered -> registered with a real hub, and
# the channel's RSS once registered and after a burst of pushed messages. Compares the JVM flags of the
# launcher with and without the JDK's AOT cache (JDK 25: -XX:AOTCacheOutput to train, -XX:AOTCache to run).
#
#   bench/channel-start.sh [RUNS] [PUSHES]     (defaults 10 and 500; results on stdout, details in bench/out/)
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS="${1:-10}"
PUSHES="${2:-500}"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
. "$ROOT/lib/jdk.sh"
JDK="$(find_jdk)"
JAVA="$JDK/bin/java"
JAR="$ROOT/target/mosaic.jar"
"$ROOT/mosaic" --version >/dev/null # builds the jar when it is missing or stale

HOME_DIR="$(mktemp -d)"
cleanup() { [ -n "${HUB_PID:-}" ] && kill "$HUB_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$HOME_DIR"; }
trap cleanup EXIT

export MOSAIC_HOME="$HOME_DIR"
"$ROOT/mosaic" up --port 0 >"$OUT/hub.log" 2>&1 &
HUB_PID=$!
for _ in $(seq 1 300); do [ -s "$HOME_DIR/hub.json" ] && grep -q listening "$OUT/hub.log" && break; sleep 0.1; done
eval "$("$ROOT/mosaic" join Bench)"   # MOSAIC_URL, MOSAIC_PANE_ID, MOSAIC_TOKEN, MOSAIC_NAME of the pane
SENDER_TOKEN="$(MOSAIC_URL= MOSAIC_PANE_ID= MOSAIC_TOKEN= "$ROOT/mosaic" join Sender --json | sed -E 's/.*"token":"([^"]+)".*/\1/')"
unset MOSAIC_NAME

INIT='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}'
INITIALIZED='{"jsonrpc":"2.0","method":"notifications/initialized"}'
LIST='{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_agents","arguments":{}}}'
LAUNCHER_FLAGS=(-XX:TieredStopAtLevel=1 -Xmx64m -XX:+UseSerialGC)
AOT="$OUT/channel.aot"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_mib() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

send_to_bench() {
  curl -s -o /dev/null -H "Authorization: Bearer $SENDER_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"to\":\"Bench\",\"text\":\"$1\"}" "$MOSAIC_URL/api/v1/messages"
}

# One run: prints "init_ms registered_ms [rss_start rss_after]". $1: measure memory (yes/no); rest: the command.
one_run() {
  local memory="$1"; shift
  local err="$OUT/channel.err"
  : >"$err"
  local t0 t1 t2 line pid rss0="" rss1=""
  t0=$(now_ms)
  coproc CH { exec "$@" 2>"$err"; }
  pid=$CH_PID
  echo "$INIT" >&"${CH[1]}"
  read -r -t 60 line <&"${CH[0]}"
  t1=$(now_ms)
  until grep -q "registered with the hub" "$err"; do sleep 0.002; done
  t2=$(now_ms)
  echo "$INITIALIZED" >&"${CH[1]}"
  echo "$LIST" >&"${CH[1]}"
  read -r -t 60 line <&"${CH[0]}"
  if [ "$memory" = yes ]; then
    rss0=$(rss_mib "$pid")
    for i in $(seq 1 "$PUSHES"); do send_to_bench "push $i"; done
    for i in $(seq 1 "$PUSHES"); do read -r -t 60 line <&"${CH[0]}"; done
    rss1=$(rss_mib "$pid")
  fi
  exec {CH[1]}>&-   # EOF: the channel unregisters and exits
  wait "$pid" 2>/dev/null || true
  echo "$((t1 - t0)) $((t2 - t0)) $rss0 $rss1"
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# The variants: the bare JVM with three sets of flags, then what Claude Code runs, the ./mosaic launcher (bash, JDK
# lookup, then the JVM) without and with its AOT cache. $1: measure memory (yes/no).
java-plain() { one_run "$1" "$JAVA" -jar "$JAR" channel; }
java-c1-serial-64m() { one_run "$1" "$JAVA" "${LAUNCHER_FLAGS[@]}" -jar "$JAR" channel; }
java-c1-serial-64m+aot() { one_run "$1" "$JAVA" "${LAUNCHER_FLAGS[@]}" -XX:AOTCache="$AOT" -jar "$JAR" channel; }
launcher-no-aot() { one_run "$1" env MOSAIC_NO_AOT=1 "$ROOT/mosaic" channel; }
launcher-aot() { one_run "$1" "$ROOT/mosaic" channel; }
VARIANTS=(java-plain java-c1-serial-64m java-c1-serial-64m+aot launcher-no-aot launcher-aot)

echo "JDK: $("$JAVA" -version 2>&1 | head -1); $RUNS rounds, variants interleaved, medians; $(nproc) CPUs"
rm -f "$AOT"
one_run no "$JAVA" "${LAUNCHER_FLAGS[@]}" -XX:AOTCacheOutput="$AOT" -jar "$JAR" channel >/dev/null # training run
one_run no "$ROOT/mosaic" channel >/dev/null # the launcher makes target/channel.aot in the background if missing
for _ in $(seq 1 120); do [ "$ROOT/target/channel.aot" -nt "$JAR" ] && break; sleep 0.5; done
for v in "${VARIANTS[@]}"; do : >"$OUT/$v.txt"; "$v" no >/dev/null; done # warm the page cache
# Interleaved rounds, so the machine's changing load falls on every variant alike.
for _ in $(seq 1 "$RUNS"); do
  for v in "${VARIANTS[@]}"; do "$v" no >>"$OUT/$v.txt"; done
done
for v in "${VARIANTS[@]}"; do
  mem=$("$v" yes)
  printf '%-24s initialize %5s ms   registered %5s ms   RSS %s -> %s MiB after %s pushes\n' "$v" \
    "$(cut -d' ' -f1 "$OUT/$v.txt" | median)" "$(cut -d' ' -f2 "$OUT/$v.txt" | median)" \
    "$(echo "$mem" | cut -d' ' -f3)" "$(echo "$mem" | cut -d' ' -f4)" "$PUSHES"
done
