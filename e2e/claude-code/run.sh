#!/usr/bin/env bash
# End-to-end test against a real Claude Code (run by .ci/run after the unit tests): a hub, a pane "Bob" started by
# `mosaic claude Bob` (Claude Code in a PTY of the hub, the channel loaded, its development-channels warning answered
# by the hub), a fake Anthropic API that makes Bob answer a channel message with the reply tool; Bob's agent_state,
# reported by Claude Code's hooks (lib/hook.sh), goes working, then idle, through that turn; then two tool approvals
# relayed through the channel, one allowed and one denied with `mosaic approve`/`mosaic deny`; then a pane "Carol",
# plain `claude` without the development flag, gets her first message at once through Claude Code's messaging socket
# (DESIGN §10), while a pane "Dave", plain `claude` whose socket is disabled, loses nothing: not seen, back to his
# inbox, read_inbox;
# last, a moderated room: the operator gives Bob the floor and Claude Code posts with room_post (DESIGN §11).
#
#   e2e/claude-code/run.sh                      # the channel is `<repo>/mosaic channel`
#   e2e/claude-code/run.sh -- CMD [ARG…]        # any other channel command, e.g. -- node bench/ts-channel/channel.mjs
#
# Environment: MOSAIC_E2E_DIR (where Claude Code is installed; default ~/.cache/mosaic-e2e),
# MOSAIC_E2E_TIMEOUT (seconds per step, default 120), MOSAIC_E2E_KEEP=1 (keep the work folder after a pass),
# MOSAIC_E2E_MCP_TIMEOUT (Claude Code's MCP_TIMEOUT in ms, default 30000: raise it on a loaded machine, where the
# channel's JVM may take longer than 30 s to answer initialize).
# Needs node, npm and what ./mosaic needs. Exit 0 on pass, 1 on fail, 2 on usage.
set -uo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
HERE="$ROOT/e2e/claude-code"
CLAUDE_VERSION=2.1.330
E2E_DIR="${MOSAIC_E2E_DIR:-$HOME/.cache/mosaic-e2e}"
STEP_TIMEOUT="${MOSAIC_E2E_TIMEOUT:-120}"
SERVER=mosaic-channel
API_KEY="sk-ant-api03-mosaic-e2e-fake-key-0000000000000000-AAAAAAAAAAAAAAAAAAAA"
PING="ping from the operator"

CHANNEL=("$ROOT/mosaic" channel)
USE_INSTALL=1 # the default channel is set up the way a user does it: `mosaic install`, MOSAIC_* in Claude's env
if [ "${1:-}" = "--" ]; then
  shift
  [ $# -gt 0 ] || { echo "usage: $0 [-- CHANNEL_CMD [ARG…]]" >&2; exit 2; }
  CHANNEL=() USE_INSTALL=0
  for arg in "$@"; do # Claude Code starts the channel in another folder: make paths absolute
    if [ -e "$arg" ]; then CHANNEL+=("$(readlink -f "$arg")"); else CHANNEL+=("$arg"); fi
  done
  [ -e "${CHANNEL[0]}" ] || CHANNEL[0]="$(command -v "${CHANNEL[0]}" || echo "${CHANNEL[0]}")"
elif [ $# -gt 0 ]; then
  echo "usage: $0 [-- CHANNEL_CMD [ARG…]]" >&2; exit 2
fi

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is missing" >&2; exit 1; }
done

# This shell is the operator: no pane identity may leak in from the caller.
unset MOSAIC_URL MOSAIC_PANE_ID MOSAIC_TOKEN MOSAIC_NAME
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mosaic-e2e.XXXXXX")"
export MOSAIC_HOME="$WORK/mosaic-home"
FAKE_PID="" HUB_PID="" TAIL_PID="" VOID_PID="" BOB_ID="" RESULT=1 REASON="" CHANNEL_BLOCK="" REPLY_JSON="" AGENT_STATES=""

log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
# Bob's screen as text: the pane's output from the hub, escape sequences and cursor moves as spaces.
screen() {
  [ -n "$BOB_ID" ] || return 0
  node -e '
    const {url, token} = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    fetch(`${url}/api/v1/panes/${process.argv[2]}/output?tail_bytes=65536`, {headers: {authorization: `Bearer ${token}`}})
      .then((r) => (r.ok ? r.text() : ""))
      .then((t) => process.stdout.write(t.replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, "")
        .replace(/\x1b\[[0-9;?<>=]*[ -\/]*[@-~]/g, " ").replace(/\x1b./g, "").replace(/\r/g, "")), () => {});' \
    "$MOSAIC_HOME/hub.json" "$BOB_ID" 2>/dev/null
}

# Stops each PID: TERM, up to 15 s to go (the hub gives its panes 5 s), then KILL.
stop_pids() {
  local pid
  for pid in "$@"; do kill "$pid" 2>/dev/null; done
  for pid in "$@"; do
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
}

cleanup() {
  # Stopping the hub stops Bob: SIGTERM to Claude Code's process group (its channel with it), SIGKILL after 5 s.
  # shellcheck disable=SC2086
  stop_pids $TAIL_PID $HUB_PID $FAKE_PID $VOID_PID
  if [ "$RESULT" -eq 0 ] && [ "${MOSAIC_E2E_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
}

finish() {
  echo
  echo "================ Claude Code e2e: $([ "$RESULT" -eq 0 ] && echo PASS || echo FAIL) ================"
  echo "channel command: ${CHANNEL[*]}"
  [ -n "$REASON" ] && echo "reason: $REASON"
  if [ -n "$CHANNEL_BLOCK" ]; then echo "the model saw:"; echo "  $CHANNEL_BLOCK"; fi
  if [ -n "$REPLY_JSON" ]; then echo "Bob's threaded reply:"; echo "  $REPLY_JSON"; fi
  if [ -n "$AGENT_STATES" ]; then echo "Bob's agent_state in pane events: $AGENT_STATES"; fi
  if [ "$RESULT" -ne 0 ]; then
    echo "--- last screen of Claude Code ---"; screen | grep -v '^[[:space:]]*$' | tail -25
    echo "--- debug lines about $SERVER ---"; grep -F "\"$SERVER\"" "$WORK/claude-debug.log" 2>/dev/null | tail -15
    echo "--- files kept in $WORK (requests.jsonl, claude-debug.log, hub.log, mosaic-claude.log, fake-api.log) ---"
  fi
  cleanup
  exit "$RESULT"
}
fail() { REASON="$*"; RESULT=1; finish; }
trap 'fail "interrupted"' INT TERM

# wait_for SECONDS DESCRIPTION COMMAND…: runs COMMAND every half second until it succeeds.
wait_for() {
  local seconds="$1" what="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out after ${seconds}s waiting for $what"
    sleep 0.5
  done
}

# 1. Claude Code, pinned, outside the repository.
CLAUDE="$E2E_DIR/node_modules/.bin/claude"
if [ "$("$CLAUDE" --version 2>/dev/null | awk '{print $1}')" != "$CLAUDE_VERSION" ]; then
  log "installing @anthropic-ai/claude-code@$CLAUDE_VERSION into $E2E_DIR"
  mkdir -p "$E2E_DIR"
  [ -f "$E2E_DIR/package.json" ] || echo '{"private": true}' > "$E2E_DIR/package.json"
  timeout 600 npm install --prefix "$E2E_DIR" --no-audit --no-fund --loglevel=error \
    "@anthropic-ai/claude-code@$CLAUDE_VERSION" >"$WORK/npm.log" 2>&1 || fail "npm install failed: see $WORK/npm.log"
fi
log "Claude Code: $("$CLAUDE" --version 2>&1)"

# 2. The fake Anthropic API.
node "$HERE/fake-anthropic.mjs" serve --log "$WORK/requests.jsonl" --port-file "$WORK/fake.port" \
  >"$WORK/fake-api.log" 2>&1 &
FAKE_PID=$!
wait_for 10 "the fake API to listen" test -s "$WORK/fake.port"
FAKE_URL="http://127.0.0.1:$(cat "$WORK/fake.port")"
log "fake Anthropic API on $FAKE_URL"

# 3. A hub and a throwaway HOME for Claude Code.
log "building mosaic if needed"
"$ROOT/mosaic" --version >"$WORK/build.log" 2>&1 || fail "./mosaic does not run: see $WORK/build.log"
"$ROOT/mosaic" up --port 0 >"$WORK/hub.log" 2>&1 &
HUB_PID=$!
hub_up() { kill -0 "$HUB_PID" 2>/dev/null || fail "the hub exited: see $WORK/hub.log"; "$ROOT/mosaic" status >/dev/null 2>&1; }
wait_for "$STEP_TIMEOUT" "the hub to start" hub_up
# Every hub event from now on, one JSON object a line: the agent_state check reads Bob's pane events from it.
"$ROOT/mosaic" tail --json >"$WORK/events.jsonl" 2>"$WORK/tail.log" &
TAIL_PID=$!
log "hub on $(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).url' "$MOSAIC_HOME/hub.json")"

CLAUDE_HOME="$WORK/home" PROJECT="$WORK/project"
mkdir -p "$CLAUDE_HOME/.claude" "$PROJECT"
PROJECT="$(readlink -f "$PROJECT")"
node - "$CLAUDE_HOME" "$PROJECT" "$API_KEY" "$SERVER" <<'EOF'
const fs = require('fs');
const [home, project, key, server] = process.argv.slice(2);
const claudeJson = {  // no mcpServers: `mosaic claude` adds the channel's entry itself
  hasCompletedOnboarding: true, hasSeenAutoDefaultNudge: true, theme: 'dark',
  customApiKeyResponses: { approved: [key.slice(-20)], rejected: [] },
  projects: { [project]: { hasTrustDialogAccepted: true } },
  // tengu_harbor_permissions: the permission relay (shared/CLAUDE-CODE.md), for step 7.
  cachedGrowthBookFeatures: { tengu_harbor: true, tengu_harbor_permissions: true },
};
fs.writeFileSync(`${home}/.claude.json`, JSON.stringify(claudeJson, null, 2), { mode: 0o600 });
const tools = ['reply', 'send', 'list_agents', 'read_inbox', 'room_post', 'pass_floor'].map((t) => `mcp__${server}__${t}`);
fs.writeFileSync(`${home}/.claude/settings.json`,
  JSON.stringify({ permissions: { defaultMode: 'default', allow: tools } }, null, 2));
EOF
[ $? -eq 0 ] || fail "could not seed $CLAUDE_HOME"

# 4. `mosaic claude Bob`: the MCP entry goes into $CLAUDE_HOME/.claude.json (as `mosaic install` writes it), the hub
# spawns Claude Code with the development flag and answers its warning. Settings for the fake API go in as --env;
# the pane's HOME is the one the entry was written to.
MOSAIC=("$ROOT/mosaic")
if [ "$USE_INSTALL" = 0 ]; then
  # Another channel command: the entry runs `LAUNCHER channel`, so the launcher is a script that runs that command.
  # ./mosaic sets MOSAIC_LAUNCHER to itself; the jar honours the variable, so the jar is run directly.
  printf '#!/bin/sh\n[ "$1" = channel ] && shift\nexec%s "$@"\n' "$(printf ' %q' "${CHANNEL[@]}")" \
    >"$WORK/channel-launcher"
  chmod +x "$WORK/channel-launcher"
  # shellcheck source=../../lib/jdk.sh
  . "$ROOT/lib/jdk.sh"
  MOSAIC=(env MOSAIC_LAUNCHER="$WORK/channel-launcher" "$(find_jdk)/bin/java" --enable-native-access=ALL-UNNAMED
    -jar "$ROOT/target/mosaic.jar")
fi
SPAWNED_AT=$SECONDS
BOB_JSON="$(HOME="$CLAUDE_HOME" MOSAIC_CLAUDE="$CLAUDE" "${MOSAIC[@]}" claude Bob --cwd "$PROJECT" --json \
  --env ANTHROPIC_BASE_URL="$FAKE_URL" --env ANTHROPIC_API_KEY="$API_KEY" \
  --env CLAUDE_CODE_GB_DISK_CACHE_WHEN_TELEMETRY_OFF=1 --env DISABLE_TELEMETRY=1 \
  --env CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 --env DISABLE_AUTOUPDATER=1 --env ENABLE_TOOL_SEARCH=false \
  --env MCP_TIMEOUT="${MOSAIC_E2E_MCP_TIMEOUT:-30000}" \
  -- --debug-file "$WORK/claude-debug.log" 2>"$WORK/mosaic-claude.log")" \
  || fail "mosaic claude Bob failed: $(cat "$WORK/mosaic-claude.log")"
BOB_ID="$(node -p 'JSON.parse(process.argv[1]).id' "$BOB_JSON")"
log "mosaic claude Bob: pane $BOB_ID, pid $(node -p 'JSON.parse(process.argv[1]).pid' "$BOB_JSON") $(head -n1 "$WORK/mosaic-claude.log")"

# "STATUS DELIVERY" of Bob, from `mosaic panes --json`.
bob_status() {
  "$ROOT/mosaic" panes --json 2>/dev/null | node -e '
    let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => {
      const bob = JSON.parse(s || "{}").panes?.find((p) => p.id === process.argv[1]);
      console.log(bob ? `${bob.status} ${bob.delivery}` : "missing"); });' "$BOB_ID"
}
bob_live() { case "$(bob_status)" in live*) ;; *) fail "Claude Code exited: Bob is $(bob_status)" ;; esac; }

answered() { # the warning was drawn, and after it the prompt
  bob_live
  case "$(screen | tr -d ' \n')" in *"Iamusingthisforlocaldevelopment"*"?forshortcuts"*) return 0 ;; esac
  return 1
}
wait_for "$STEP_TIMEOUT" "the hub to answer the development-channels warning (then the prompt)" answered
log "the hub answered the development-channels warning; Claude Code's prompt is up $((SECONDS - SPAWNED_AT)) s after mosaic claude started"

channel_state() {
  local debug="$WORK/claude-debug.log" line
  grep -qF "\"$SERVER\": Channel notifications registered" "$debug" 2>/dev/null && return 0
  line="$(grep -F "\"$SERVER\": Channel notifications skipped" "$debug" 2>/dev/null | head -1)"
  [ -z "$line" ] || fail "Claude Code did not load the channel: ${line#*\"$SERVER\": }"
  line="$(grep -F "MCP server \"$SERVER\" Connection failed" "$debug" 2>/dev/null | head -1)"
  [ -z "$line" ] || fail "the channel server failed to start: ${line#*\"$SERVER\" } (stderr: $(grep -F "MCP server \"$SERVER\" Server stderr" "$debug" | tail -1 | sed 's/.*Server stderr: //'))"
  bob_live
  return 1
}
wait_for "$STEP_TIMEOUT" "the debug line \"$SERVER\": Channel notifications registered" channel_state
log "debug file: \"$SERVER\": Channel notifications registered"

bob_push() { bob_live; [ "$(bob_status)" = "live push" ]; }
wait_for "$STEP_TIMEOUT" "Bob's channel to register with the hub (delivery push)" bob_push
log "the hub shows Bob with delivery push"

# 5. The operator pings Bob; the model sees the channel block; Bob replies in the thread.
SENT="$("$ROOT/mosaic" send Bob "$PING" --json)" || fail "mosaic send failed"
PING_ID="$(node -p 'JSON.parse(process.argv[1]).messages[0].id' "$SENT")"
PING_THREAD="$(node -p 'JSON.parse(process.argv[1]).messages[0].thread_id' "$SENT")"
log "operator sent $PING_ID to Bob"

model_saw_ping() {
  CHANNEL_BLOCK="$(node "$HERE/fake-anthropic.mjs" find-channel "$WORK/requests.jsonl" "$PING" operator)"
}
wait_for "$STEP_TIMEOUT" "a model request whose last user message holds the <channel> block" model_saw_ping
case "$CHANNEL_BLOCK" in *"message_id=\"$PING_ID\""*) ;; *) fail "the channel block names another message_id: $CHANNEL_BLOCK" ;; esac
log "the model saw: $CHANNEL_BLOCK"

threaded_reply() {
  local thread
  thread="$("$ROOT/mosaic" thread "$PING_THREAD" --json 2>/dev/null)" || return 1
  REPLY_JSON="$(node -e '
    const [thread, ping, threadId] = process.argv.slice(1);
    const reply = JSON.parse(thread).messages.find((m) => m.in_reply_to === ping);
    if (!reply) process.exit(1);
    console.log(JSON.stringify(reply));
    process.exit(reply.from_name === "Bob" && reply.to_name === "operator" && reply.thread_id === threadId
      && reply.text === "pong from Bob" ? 0 : 3);' "$thread" "$PING_ID" "$PING_THREAD")"
  case $? in 0) return 0 ;; 3) fail "the reply is not threaded as expected: $REPLY_JSON" ;; *) return 1 ;; esac
}
wait_for "$STEP_TIMEOUT" "Bob's reply in the operator's thread" threaded_reply
"$ROOT/mosaic" inbox --peek --json 2>/dev/null | grep -qF "pong from Bob" \
  || fail "the reply is in the thread but not in the operator's inbox"
log "Bob replied: $REPLY_JSON"

# 6. Agent state from Claude Code's hooks (`mosaic claude` put lib/hook.sh into the settings): the ping's turn shows
# as pane events working … idle. Only for the repository's channel: another launcher has no lib/hook.sh beside it.
if [ "$USE_INSTALL" = 1 ]; then
  grep -qF "$ROOT/lib/hook.sh" "$CLAUDE_HOME/.claude/settings.json" \
    || fail "mosaic claude did not put lib/hook.sh into $CLAUDE_HOME/.claude/settings.json"
  turn_seen() { # Bob's agent_state values in pane events, in order: a `working` and, after it, `idle` last.
    AGENT_STATES="$(node -e '
      const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
      const states = [];
      for (const l of lines) {
        const e = JSON.parse(l);
        const d = typeof e.data === "string" ? JSON.parse(e.data) : e.data;
        if (e.event === "pane" && d.id === process.argv[2] && states[states.length - 1] !== d.agent_state) {
          states.push(d.agent_state);
        }
      }
      console.log(states.join(" -> "));' "$WORK/events.jsonl" "$BOB_ID" 2>/dev/null)"
    case "$AGENT_STATES" in *working*idle) return 0 ;; esac
    return 1
  }
  wait_for "$STEP_TIMEOUT" "Bob's agent_state to go working, then idle (pane events)" turn_seen
  [ "$("$ROOT/mosaic" panes --json | node -e '
    let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => console.log(
      JSON.parse(s).panes.find((p) => p.id === process.argv[1]).agent_state));' "$BOB_ID")" = idle ] \
    || fail "mosaic panes does not show Bob idle after the turn"
  log "Bob's agent_state: $AGENT_STATES"
fi

# 7. The permission relay (DESIGN §10): the operator asks Bob to run a command that needs approval (Bash is not
# allowed in the settings); Claude Code relays its prompt through the channel, the hub lists it, the operator answers
# with `mosaic approve` (the file appears) or `mosaic deny` (the model gets a rejected tool_result, no file).
APPROVAL_ID=""
relayed_approval() { # a pending relayed approval of Bob for Bash: sets APPROVAL_ID
  bob_live
  APPROVAL_ID="$("$ROOT/mosaic" approvals --json 2>/dev/null | node -e '
    let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => {
      const a = (JSON.parse(s || "{}").approvals ?? []).find((x) => x.pane_id === process.argv[1] && x.relayed
        && x.tool_name === "Bash" && x.input_preview.includes(process.argv[2]));
      if (a) console.log(a.id); });' "$BOB_ID" "$1")"
  [ -n "$APPROVAL_ID" ]
}
relay_round() { # BEHAVIOR FILE: asks Bob to touch FILE, answers the relayed prompt with BEHAVIOR
  local behavior="$1" file="$2" out
  "$ROOT/mosaic" send Bob "please RUN:touch $file" >/dev/null || fail "mosaic send failed"
  wait_for "$STEP_TIMEOUT" "a relayed approval for 'touch $file' (mosaic approvals)" relayed_approval "touch $file"
  # The hub stores the approval, then sets the state (and the hook says so too): wait a little for the second.
  wait_for 10 "Bob's agent_state to be needs_approval while the prompt waits" needs_approval
  out="$("$ROOT/mosaic" "$([ "$behavior" = allow ] && echo approve || echo deny)" "$APPROVAL_ID" 2>&1)" \
    || fail "mosaic $behavior $APPROVAL_ID failed: $out"
  log "approval $APPROVAL_ID: $out"
  case "$out" in *"Claude Code has the answer"*) ;; *) fail "the answer did not reach the channel: $out" ;; esac
}
needs_approval() { [ "$(bob_agent_state)" = needs_approval ]; }
bob_agent_state() {
  "$ROOT/mosaic" panes --json | node -e '
    let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => console.log(
      JSON.parse(s).panes.find((p) => p.id === process.argv[1]).agent_state));' "$BOB_ID"
}
relay_round allow ran-allowed
ran() { bob_live; [ -e "$PROJECT/ran-allowed" ]; }
wait_for "$STEP_TIMEOUT" "the allowed command to run (ran-allowed in the project)" ran
log "allowed through the hub: Claude Code ran 'touch ran-allowed'"
relay_round deny ran-denied
rejected() { # a model request whose last user message holds an error tool_result saying the tool use was rejected
  bob_live
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
    for (const l of lines) {
      const msgs = JSON.parse(l).body?.messages ?? [];
      const last = [...msgs].reverse().find((m) => m.role === "user");
      const blocks = Array.isArray(last?.content) ? last.content : [];
      if (blocks.some((b) => b.type === "tool_result" && b.is_error && JSON.stringify(b.content).includes("rejected"))
        && JSON.stringify(msgs).includes("ran-denied")) process.exit(0);
    }
    process.exit(1);' "$WORK/requests.jsonl" 2>/dev/null
}
wait_for "$STEP_TIMEOUT" "the model to get the denied tool_result" rejected
[ ! -e "$PROJECT/ran-denied" ] || fail "the denied command ran anyway"
log "denied through the hub: the model got a rejected tool_result, no ran-denied"
"$ROOT/mosaic" approve "$APPROVAL_ID" >/dev/null 2>&1; [ $? -eq 1 ] || fail "a second answer did not exit 1"

# 8. The second path (DESIGN §10): Carol is plain `claude`, without the development flag, in the same HOME (the
# channel's entry and the hooks are there): Claude Code loads the channel as a plain MCP server and drops its
# notifications. Her channel sees that on Claude Code's command line and registers socket-first, so the first message
# to Carol goes through Claude Code's messaging socket at once — never pushed into the void, never redelivered, long
# before the 30 s not-seen sweep could act: the model sees the block once, Carol replies, and the hub records
# delivered_via socket and seen_at. Beside her, Dave is plain `claude` too, but his messaging socket is disabled: moved
# away after his channel registered, a listener that takes every line and starts no turn in its place. His message goes
# into that socket, is not seen within 30 s, goes back to his inbox marked redelivered, and his agent's read_inbox
# returns it — nothing lost. Only for the repository's channel (the hooks are needed for idle and seen).
if [ "$USE_INSTALL" = 1 ]; then
  SOCKET_PING="ping through the socket"
  LOST_PING="ping with the socket gone"
  spawn_plain() { # NAME [--env K=V…]: plain `claude` in Bob's HOME, debug file $WORK/NAME-debug.log; prints its id
    local name="$1" json; shift
    json="$(HOME="$CLAUDE_HOME" "$ROOT/mosaic" spawn "$name" --cwd "$PROJECT" --json --env HOME="$CLAUDE_HOME" \
      --env ANTHROPIC_BASE_URL="$FAKE_URL" --env ANTHROPIC_API_KEY="$API_KEY" \
      --env CLAUDE_CODE_GB_DISK_CACHE_WHEN_TELEMETRY_OFF=1 --env DISABLE_TELEMETRY=1 \
      --env CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 --env DISABLE_AUTOUPDATER=1 --env ENABLE_TOOL_SEARCH=false \
      --env MCP_TIMEOUT="${MOSAIC_E2E_MCP_TIMEOUT:-30000}" --env MOSAIC_LOG=info "$@" \
      -- "$CLAUDE" --debug-file "$WORK/$name-debug.log" 2>>"$WORK/mosaic-spawn.log")" || return 1
    node -p 'JSON.parse(process.argv[1]).id' "$json"
  }
  CAROL_ID="$(spawn_plain Carol)" || fail "mosaic spawn Carol failed: $(cat "$WORK/mosaic-spawn.log")"
  # Dave's own TMPDIR: Claude Code listens on $TMPDIR/cc-socks/<pid>.sock, so his socket is the only one there.
  mkdir -p "$WORK/dave-tmp"
  DAVE_ID="$(spawn_plain Dave --env TMPDIR="$WORK/dave-tmp")" \
    || fail "mosaic spawn Dave failed: $(cat "$WORK/mosaic-spawn.log")"
  log "plain claude as Carol: pane $CAROL_ID; as Dave: pane $DAVE_ID"
  pane_field() { # PANE_ID FIELD: the field of that pane in `mosaic panes --json`
    "$ROOT/mosaic" panes --json 2>/dev/null | node -e '
      let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => {
        const p = JSON.parse(s || "{}").panes?.find((x) => x.id === process.argv[1]);
        console.log(p ? p[process.argv[2]] : "missing"); });' "$1" "$2"
  }
  plain_live() { [ "$(pane_field "$1" status)" = live ] || fail "Claude Code ($2) exited: $(pane_field "$1" status)"; }
  plain_server() { # PANE_ID NAME: the debug line that says the channel is a plain MCP server there
    plain_live "$1" "$2"
    grep -qF "\"$SERVER\": Channel notifications skipped" "$WORK/$2-debug.log" 2>/dev/null
  }
  plain_ready() { # PANE_ID NAME: its channel registered (delivery push), its hooks said idle
    plain_live "$1" "$2"; [ "$(pane_field "$1" delivery)" = push ] && [ "$(pane_field "$1" agent_state)" = idle ]
  }
  for who in "$CAROL_ID Carol" "$DAVE_ID Dave"; do
    # shellcheck disable=SC2086
    set -- $who
    wait_for "$STEP_TIMEOUT" "$2's debug line \"$SERVER\": Channel notifications skipped" plain_server "$1" "$2"
    wait_for "$STEP_TIMEOUT" "$2's channel to register (delivery push) and his or her hooks to say idle" \
      plain_ready "$1" "$2"
  done
  log "Carol's and Dave's debug files: $(grep -F "\"$SERVER\": Channel notifications skipped" "$WORK/Carol-debug.log" \
    | head -1 | sed 's/.*Channel notifications/Channel notifications/')"
  DAVE_SOCKET="$(find "$WORK/dave-tmp" -type s -name '*.sock' 2>/dev/null | head -1)"
  [ -n "$DAVE_SOCKET" ] || fail "Dave's Claude Code has no messaging socket under $WORK/dave-tmp"
  # Same folder, another name: Claude Code still listens on the moved socket (the test uses it below in place of the
  # operator typing in Dave's terminal), while the path his channel knows is a listener that swallows every line.
  mv "$DAVE_SOCKET" "$DAVE_SOCKET.moved" || fail "cannot move Dave's socket $DAVE_SOCKET"
  node -e 'require("net").createServer((s) => { s.on("error", () => {}); s.resume(); }).listen(process.argv[1])' \
    "$DAVE_SOCKET" >"$WORK/dave-void.log" 2>&1 &
  VOID_PID=$!
  wait_for 10 "the listener in place of Dave's socket" test -S "$DAVE_SOCKET"
  log "Dave's messaging socket moved away ($DAVE_SOCKET -> .moved); a listener that starts no turn took its place"
  socket_first() { grep -F "was started without channels" "$WORK/hub.log" 2>/dev/null | grep -qF "($1):"; }
  for who in "$CAROL_ID Carol" "$DAVE_ID Dave"; do # each channel registered socket-first: the hub's log says so
    # shellcheck disable=SC2086
    set -- $who
    wait_for 20 "the hub to log that $2's channel registered socket-first" socket_first "$1"
  done

  CAROL_SENT_AT=$SECONDS
  SENT="$("$ROOT/mosaic" send Carol "$SOCKET_PING" --json)" || fail "mosaic send to Carol failed"
  SOCKET_ID="$(node -p 'JSON.parse(process.argv[1]).messages[0].id' "$SENT")"
  SOCKET_THREAD="$(node -p 'JSON.parse(process.argv[1]).messages[0].thread_id' "$SENT")"
  SENT="$("$ROOT/mosaic" send Dave "$LOST_PING" --json)" || fail "mosaic send to Dave failed"
  LOST_ID="$(node -p 'JSON.parse(process.argv[1]).messages[0].id' "$SENT")"
  LOST_THREAD="$(node -p 'JSON.parse(process.argv[1]).messages[0].thread_id' "$SENT")"
  log "operator sent $SOCKET_ID to Carol and $LOST_ID to Dave, both through their sockets at once"
  SOCKET_BLOCK=""
  model_saw_socket() {
    plain_live "$CAROL_ID" Carol
    SOCKET_BLOCK="$(node "$HERE/fake-anthropic.mjs" find-channel "$WORK/requests.jsonl" "$SOCKET_PING" operator)"
  }
  # 28 s: the not-seen sweep cannot move a message before it has waited 30 s unseen since its push, which came after
  # the send (the socket path itself takes ~0.2 s: 2 s here on a quiet machine, 5-10 s with a load average of 25).
  wait_for 28 "a model request holding Carol's <channel> block, through the socket at once (not after the 30 s sweep)" \
    model_saw_socket
  CAROL_TOOK=$((SECONDS - CAROL_SENT_AT))
  case "$SOCKET_BLOCK" in *"message_id=\"$SOCKET_ID\""*) ;; *) fail "the block names another message_id: $SOCKET_BLOCK" ;; esac
  log "the model saw, through the socket, within ${CAROL_TOOK}s of the send: $SOCKET_BLOCK"
  first_delivery() { # ID: "status delivered_via redelivered" of the first delivery event for the message
    node -e '
      const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
      for (const l of lines) {
        const e = JSON.parse(l);
        const d = typeof e.data === "string" ? JSON.parse(e.data) : e.data;
        if (e.event === "delivery" && d.message_id === process.argv[2]) {
          console.log(`${d.status} ${d.delivered_via} ${!!d.redelivered}`); process.exit(0);
        }
      }
      console.log("none");' "$WORK/events.jsonl" "$1"
  }
  first="$(first_delivery "$SOCKET_ID")"
  [ "$first" = "pushed socket false" ] || fail "Carol's first delivery was \"$first\", not \"pushed socket false\""
  ! grep -F '"not_seen"' "$WORK/events.jsonl" | grep -qF "$SOCKET_ID" || fail "a not_seen alert for $SOCKET_ID"
  message_state() { # THREAD ID: "<status> <delivered_via> <seen|unseen> <redelivered>" of the message
    "$ROOT/mosaic" thread "$1" --json 2>/dev/null | node -e '
      let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => {
        const m = JSON.parse(s || "{}").messages?.find((x) => x.id === process.argv[1]);
        console.log(m ? `${m.status} ${m.delivered_via} ${m.seen_at ? "seen" : "unseen"} ${!!m.redelivered}`
          : "missing"); });' "$2"
  }
  socket_seen() { case "$(message_state "$SOCKET_THREAD" "$SOCKET_ID")" in *" socket seen false") return 0 ;; esac; return 1; }
  wait_for "$STEP_TIMEOUT" "the hub to record delivered_via socket and seen_at for $SOCKET_ID" socket_seen
  log "Carol's message: sent to seen (the hook's receipt) in $("$ROOT/mosaic" thread "$SOCKET_THREAD" --json | node -e '
    let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => {
      const m = JSON.parse(s).messages.find((x) => x.id === process.argv[1]);
      console.log(Date.parse(m.seen_at) - Date.parse(m.created_at)); });' "$SOCKET_ID") ms, by the hub's clock"
  carol_replied() {
    "$ROOT/mosaic" thread "$SOCKET_THREAD" --json 2>/dev/null | node -e '
      let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => process.exit(
        (JSON.parse(s || "{}").messages ?? []).some((m) => m.in_reply_to === process.argv[1] && m.from_name === "Carol")
          ? 0 : 1)); ' "$SOCKET_ID"
  }
  wait_for "$STEP_TIMEOUT" "Carol's reply in the thread" carol_replied
  times_in_last_user() { # TEXT: how many logged model requests have TEXT in their last user message's text
    node -e '
      const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
      let n = 0;
      for (const l of lines) {
        const msgs = JSON.parse(l).body?.messages ?? [];
        const last = [...msgs].reverse().find((m) => m.role === "user");
        const text = typeof last?.content === "string" ? last.content
          : (last?.content ?? []).filter((b) => b.type === "text").map((b) => b.text).join("\n");
        if (text.includes(process.argv[2])) n++;
      }
      console.log(n);' "$WORK/requests.jsonl" "$1"
  }
  times="$(times_in_last_user "message_id=\"$SOCKET_ID\"")"
  [ "$times" = 1 ] || fail "the model took Carol's message in $times times, not once"
  log "second path: the first delivery through the socket (${CAROL_TOOK}s), seen, not redelivered, replied, taken in once"

  # Dave: his socket delivery not seen, back in the inbox marked redelivered (the socket route is given up, and a
  # message that went unseen waits for a poll), never shown.
  [ "$(first_delivery "$LOST_ID")" = "pushed socket false" ] \
    || fail "Dave's message did not go to his socket first: $(first_delivery "$LOST_ID")"
  lost_back() { plain_live "$DAVE_ID" Dave; [ "$(message_state "$LOST_THREAD" "$LOST_ID")" = "queued null unseen true" ]; }
  wait_for "$STEP_TIMEOUT" "Dave's message back in his inbox (queued, unseen, redelivered)" lost_back
  grep -F '"not_seen"' "$WORK/events.jsonl" | grep -qF "$LOST_ID" || fail "no not_seen alert for $LOST_ID"
  [ "$(times_in_last_user "$LOST_PING")" = 0 ] || fail "the model saw Dave's message though its socket was gone"
  log "socket disabled: $LOST_ID went into it, was not seen, alerted, and is back in Dave's inbox marked redelivered"
  # In place of the operator typing "check your inbox" in Dave's terminal: a prompt through the moved socket.
  node -e '
    const s = require("net").connect(process.argv[1], () => s.end(JSON.stringify({ type: "user",
      message: { role: "user", content: "READ_INBOX: check your inbox, please" } }) + "\n"));
    s.on("error", (e) => { console.error(e.message); process.exit(1); });' "$DAVE_SOCKET.moved" \
    || fail "cannot prompt Dave through $DAVE_SOCKET.moved"
  inbox_returned_it() { # a model request whose last user message holds a tool_result with Dave's message
    plain_live "$DAVE_ID" Dave
    node -e '
      const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
      for (const l of lines) {
        const last = [...(JSON.parse(l).body?.messages ?? [])].reverse().find((m) => m.role === "user");
        if ((Array.isArray(last?.content) ? last.content : []).some((b) => b.type === "tool_result"
          && JSON.stringify(b.content).includes(process.argv[2]) && JSON.stringify(b.content).includes(process.argv[3])))
          process.exit(0);
      }
      process.exit(1);' "$WORK/requests.jsonl" "$LOST_PING" "$LOST_ID" 2>/dev/null
  }
  wait_for "$STEP_TIMEOUT" "Dave's read_inbox to return $LOST_ID to the model" inbox_returned_it
  [ "$(message_state "$LOST_THREAD" "$LOST_ID")" = "read poll unseen true" ] \
    || fail "Dave's message is not read by poll after read_inbox: $(message_state "$LOST_THREAD" "$LOST_ID")"
  log "Dave's read_inbox returned $LOST_ID (read, delivered_via poll, redelivered): nothing lost"
fi

# 9. A room (DESIGN §11): the operator moderates Bob; Claude Code takes the floor notice and posts with room_post.
"$ROOT/mosaic" room create debate --members Bob --moderator operator --policy moderated --max-turns 3 >/dev/null \
  || fail "mosaic room create failed"
"$ROOT/mosaic" room post debate "Topic: one hub per machine?" >/dev/null || fail "the operator's first post failed"
"$ROOT/mosaic" room floor debate Bob >/dev/null || fail "giving Bob the floor failed"
room_posts() { # "FROM FROM …" of the debate's transcript, in order
  "$ROOT/mosaic" room show debate --json 2>/dev/null | node -e '
    let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => {
      const r = JSON.parse(s || "{}");
      console.log([r.status, ...(r.posts ?? []).map((p) => p.from_name)].join(" ")); });'
}
bob_posted() { bob_live; [ "$(room_posts)" = "open operator Bob" ]; }
wait_for "$STEP_TIMEOUT" "Bob's post in the room after the floor notice" bob_posted
"$ROOT/mosaic" room post debate "Thanks; that is the third turn." >/dev/null || fail "the operator's wrap-up failed"
[ "$(room_posts)" = "closed operator Bob operator" ] || fail "the debate's transcript reads: $(room_posts)"
"$ROOT/mosaic" room show debate | grep -qF "My turn in debate" || fail "mosaic room show does not show Bob's post"
log "room: operator, Bob (through room_post), operator; closed at max_turns 3"

# 10. A debate moderated by Claude Code (DESIGN §11, issue 18), as the issue's "Done when" has it: three `mosaic claude`
# agents. Alice moderates: the fake model makes her open the room with room_post and then hand the floor on with
# pass_floor after each member's post. The members are Bob and Erin, each posting with room_post when the room tells
# them it is their turn. The room closes at max_turns 5; `mosaic room show` reads it back in order.
moderated_debate() {
  local thread floors alice_json erin_json
  # NAME: starts `mosaic claude NAME` on the fake model; prints its pane's JSON.
  start_claude() {
    HOME="$CLAUDE_HOME" MOSAIC_CLAUDE="$CLAUDE" "${MOSAIC[@]}" claude "$1" --cwd "$PROJECT" --json \
      --env ANTHROPIC_BASE_URL="$FAKE_URL" --env ANTHROPIC_API_KEY="$API_KEY" \
      --env CLAUDE_CODE_GB_DISK_CACHE_WHEN_TELEMETRY_OFF=1 --env DISABLE_TELEMETRY=1 \
      --env CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 --env DISABLE_AUTOUPDATER=1 --env ENABLE_TOOL_SEARCH=false \
      --env MCP_TIMEOUT="${MOSAIC_E2E_MCP_TIMEOUT:-30000}" \
      -- --debug-file "$WORK/$1-debug.log" 2>"$WORK/mosaic-claude-$1.log"
  }
  field_of() { # PANE_ID FIELD: the field of that pane in `mosaic panes --json`
    "$ROOT/mosaic" panes --json 2>/dev/null | node -e '
      let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => {
        const p = JSON.parse(s || "{}").panes?.find((x) => x.id === process.argv[1]);
        console.log(p ? p[process.argv[2]] : "missing"); });' "$1" "$2"
  }
  # NAME PANE_ID: the channel loaded as a channel (its tools are there) and registered with the hub.
  claude_ready() {
    [ "$(field_of "$2" status)" = live ] || fail "Claude Code ($1) exited: $(field_of "$2" status)"
    grep -qF "\"$SERVER\": Channel notifications registered" "$WORK/$1-debug.log" 2>/dev/null \
      && [ "$(field_of "$2" delivery)" = push ]
  }
  alice_json="$(start_claude Alice)" || fail "mosaic claude Alice failed: $(cat "$WORK/mosaic-claude-Alice.log")"
  erin_json="$(start_claude Erin)" || fail "mosaic claude Erin failed: $(cat "$WORK/mosaic-claude-Erin.log")"
  ALICE_ID="$(node -p 'JSON.parse(process.argv[1]).id' "$alice_json")"
  ERIN_ID="$(node -p 'JSON.parse(process.argv[1]).id' "$erin_json")"
  log "mosaic claude Alice (the moderator): pane $ALICE_ID; mosaic claude Erin (a member): pane $ERIN_ID"
  wait_for "$STEP_TIMEOUT" "Alice's channel to load and register (delivery push)" claude_ready Alice "$ALICE_ID"
  wait_for "$STEP_TIMEOUT" "Erin's channel to load and register (delivery push)" claude_ready Erin "$ERIN_ID"
  "$ROOT/mosaic" room create panel --members Bob,Erin --moderator Alice --policy moderated --max-turns 5 >/dev/null \
    || fail "mosaic room create panel failed"
  log "room panel: moderator Alice, members Bob and Erin, all three Claude Code; 5 turns"
  panel() { # "STATUS WHOSE_TURN FROM FROM …" of the panel room
    "$ROOT/mosaic" room show panel --json 2>/dev/null | node -e '
      let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => {
        const r = JSON.parse(s || "{}");
        console.log([r.status, r.whose_turn?.name ?? "-", ...(r.posts ?? []).map((p) => p.from_name)].join(" ")); });'
  }
  debate_over() { # done when the room closed; every agent must stay up meanwhile
    bob_live
    [ "$(field_of "$ALICE_ID" status)" = live ] || fail "Claude Code (Alice) exited: $(field_of "$ALICE_ID" status)"
    [ "$(field_of "$ERIN_ID" status)" = live ] || fail "Claude Code (Erin) exited: $(field_of "$ERIN_ID" status)"
    case "$(panel)" in closed*) return 0 ;; esac
    return 1
  }
  wait_for $((STEP_TIMEOUT * 2)) "the debate to run its 5 turns (the room reads: $(panel))" debate_over
  [ "$(panel)" = "closed - Alice Bob Erin Bob Erin" ] || fail "the panel's transcript reads: $(panel)"
  thread="$("$ROOT/mosaic" room show panel --json | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).thread_id')"
  floors="$("$ROOT/mosaic" thread "$thread" --json | node -e '
    const ms = JSON.parse(require("fs").readFileSync(0, "utf8")).messages;
    console.log(ms.filter((m) => m.from_name === "room:panel" && m.text.startsWith("Alice gave you the floor"))
      .map((m) => m.to_name).join(" "));')"
  [ "$floors" = "Bob Erin Bob Erin" ] || fail "Alice's pass_floor calls gave the floor to: $floors"
  "$ROOT/mosaic" room show panel >"$WORK/panel.txt" || fail "mosaic room show panel failed"
  [ "$(grep -E '^ +[0-9]+  [0-9:]{8}  ' "$WORK/panel.txt" | awk '{print $3}' | tr '\n' ' ')" = "Alice Bob Erin Bob Erin " ] \
    || fail "mosaic room show panel does not read the debate in order: $(cat "$WORK/panel.txt")"
  grep -qF "Opening in panel:" "$WORK/panel.txt" && [ "$(grep -cF "My turn in panel" "$WORK/panel.txt")" = 4 ] \
    || fail "mosaic room show panel lacks a post: $(cat "$WORK/panel.txt")"
  log "three Claude Code agents: Alice opened, passed the floor to $floors; mosaic room show reads 5 posts in order"
}
if [ "$USE_INSTALL" = 1 ]; then
  moderated_debate
fi

# Optional (bench/seen.sh): seen latency through push (Bob) and through the socket (Carol), on what is set up now.
if [ -n "${MOSAIC_E2E_BENCH:-}" ] && [ "$USE_INSTALL" = 1 ]; then
  log "bench: seen latency, $MOSAIC_E2E_BENCH rounds a pane (bench/seen.mjs)"
  node "$ROOT/bench/seen.mjs" --home "$MOSAIC_HOME" --push "$BOB_ID" --socket "$CAROL_ID" \
    --runs "$MOSAIC_E2E_BENCH" | tee "$WORK/seen-bench.txt" || fail "the seen bench failed"
fi
RESULT=0
finish
