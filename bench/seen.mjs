#!/usr/bin/env node
// Seen latency (DESIGN §10) with a real Claude Code: from just before `POST /api/v1/messages` to the hub's `delivery`
// event with `"seen": true` (Claude Code took the message in and its UserPromptSubmit hook told the hub), for a pane
// reached by channel push and for one reached through Claude Code's messaging socket; beside the floor measured in the
// same run, the same send to the `pushed` event of the push pane (the hub's own path to the channel, no Claude Code).
//
//   bench/seen.sh [RUNS]      # sets everything up through e2e/claude-code/run.sh, then runs this
//   node bench/seen.mjs --home MOSAIC_HOME --push PANE_ID --socket PANE_ID [--runs 20] [--warmup 2]
//
// One message at a time, to a pane whose agent is idle: each waits for the turn it starts to end (agent_state idle)
// before the next goes, so no message is taken in mid-turn. The panes alternate, round by round. Prints p50/p90/max
// per figure and the ratios to the floor at p50. Times are this process's clock: send, and each event's arrival.
import fs from 'node:fs';
import path from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) =>
  (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
if (!args.home || !args.push || !args.socket) {
  console.error('usage: seen.mjs --home MOSAIC_HOME --push PANE_ID --socket PANE_ID [--runs N] [--warmup N]');
  process.exit(2);
}
const RUNS = Number(args.runs ?? 20);
const WARMUP = Number(args.warmup ?? 2);
const TIMEOUT_MS = 60_000;
const { url, token } = JSON.parse(fs.readFileSync(path.join(args.home, 'hub.json'), 'utf8'));
const auth = { authorization: `Bearer ${token}` };

// Every event from the hub, kept with its arrival time; waiters are woken on each.
const seen = [];
let wake = () => {};
async function follow(opened) {
  const res = await fetch(`${url}/api/v1/events`, { headers: { ...auth, accept: 'text/event-stream' } });
  if (!res.ok) throw new Error(`events: ${res.status}`);
  opened();
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of res.body) {
    const at = performance.now();
    buf += decoder.decode(chunk, { stream: true });
    let cut;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      const type = /^event: ?(.*)$/m.exec(block)?.[1];
      const data = /^data: ?(.*)$/m.exec(block)?.[1];
      if (type && data) seen.push({ type, data: JSON.parse(data), at });
    }
    wake();
  }
}

function until(pred, what) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), TIMEOUT_MS);
    const check = () => {
      const hit = seen.find(pred);
      if (hit) { clearTimeout(timer); wake = () => {}; resolve(hit); } else { wake = check; }
    };
    check();
  });
}

async function paneState(id) {
  const r = await fetch(`${url}/api/v1/panes/${id}`, { headers: auth });
  return (await r.json()).agent_state;
}

/** One send to the pane: ms to its pushed event and to its seen event; then waits until its turn is over. */
async function round(paneId, i) {
  const from = seen.length;
  const t0 = performance.now();
  const r = await fetch(`${url}/api/v1/messages`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ to: paneId, text: `seen bench ${i}` }) });
  if (r.status !== 201) throw new Error(`send: ${r.status} ${await r.text()}`);
  const id = (await r.json()).messages[0].id;
  const after = (e) => seen.indexOf(e) >= from;
  const pushed = await until((e) => after(e) && e.type === 'delivery' && e.data.message_id === id
    && e.data.status === 'pushed' && !e.data.seen, `${id} pushed`);
  const seenAt = await until((e) => after(e) && e.type === 'delivery' && e.data.message_id === id && e.data.seen,
    `${id} seen`);
  // The turn this message started ends with the Stop hook: idle again.
  await until((e) => seen.indexOf(e) > seen.indexOf(seenAt) && e.type === 'pane' && e.data.id === paneId
    && e.data.agent_state === 'idle', `${paneId} idle after ${id}`);
  return { pushed: pushed.at - t0, seen: seenAt.at - t0, via: pushed.data.delivered_via };
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { n: s.length, p50: at(0.5), p90: at(0.9), max: s[s.length - 1] };
}

await new Promise((opened) => follow(opened).catch((e) => {
  console.error(`event stream: ${e.message}`);
  process.exit(1);
}));
for (const id of [args.push, args.socket]) {
  if (await paneState(id) !== 'idle') throw new Error(`pane ${id} is not idle`);
}
const out = { push: { pushed: [], seen: [] }, socket: { pushed: [], seen: [] } };
for (let i = 0; i < WARMUP + RUNS; i++) {
  for (const route of i % 2 ? ['socket', 'push'] : ['push', 'socket']) {
    const r = await round(args[route], i);
    if (r.via !== route) throw new Error(`a message to the ${route} pane went by ${r.via}`);
    if (i >= WARMUP) { out[route].pushed.push(r.pushed); out[route].seen.push(r.seen); }
  }
}
const fmt = (s) => `${s.p50.toFixed(1)} / ${s.p90.toFixed(1)} / ${s.max.toFixed(1)}`;
const floor = stats(out.push.pushed);
const rows = [
  ['floor: send → pushed, channel push (the hub and the channel, no Claude Code)', floor],
  ['send → pushed, through the messaging socket', stats(out.socket.pushed)],
  ['seen latency: send → seen, channel push', stats(out.push.seen)],
  ['socket latency: send → seen, through the messaging socket', stats(out.socket.seen)],
];
console.log(`\nseen bench: ${RUNS} rounds (after ${WARMUP} warm-up), load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log('| figure | ms: p50 / p90 / max | n |\n|---|---|---|');
for (const [name, s] of rows) console.log(`| ${name} | ${fmt(s)} | ${s.n} |`);
console.log(`| seen via push ÷ floor, at p50 | ${(stats(out.push.seen).p50 / floor.p50).toFixed(1)}× | |`);
console.log(`| seen via socket ÷ floor, at p50 | ${(stats(out.socket.seen).p50 / floor.p50).toFixed(1)}× | |`);
console.log(`| seen via socket ÷ seen via push, at p50 | ${(stats(out.socket.seen).p50 / stats(out.push.seen).p50).toFixed(2)}× | |`);
process.exit(0);
