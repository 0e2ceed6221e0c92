#!/usr/bin/env node
// Measures a channel command's cold start and memory, the same way for any implementation:
//
//   node bench/channel-start.mjs [--runs 5] [--pushes 500] -- CMD [ARG…] [-- CMD2 [ARG…] …]
//   node bench/channel-start.mjs -- node bench/ts-channel/channel.mjs
//   node bench/channel-start.mjs -- node bench/ts-channel/channel.mjs -- ./mosaic channel
//
// Several commands (each after its own `--`) are measured side by side: their runs alternate on one hub, so a
// noisy machine slows them alike, and each figure is also given as a ratio to the first command's.
//
// Starts its own hub (`./mosaic up --port 0`, a temporary MOSAIC_HOME) unless --hub-home DIR names the
// MOSAIC_HOME of a running one. Each run joins a fresh pane, spawns CMD with that pane's MOSAIC_URL,
// MOSAIC_PANE_ID and MOSAIC_TOKEN, and measures from just before the spawn:
//   - init:     the answer to an `initialize` request written to its stdin at once;
//   - register: the hub's event stream shows the pane with delivery "push" (PUT …/channel accepted);
//   - RSS at start (when both happened) and after --pushes messages sent to the pane through the hub, once
//     every one of them came out of the channel's stdout as notifications/claude/channel.
// RSS is VmRSS from /proc, summed over the process and its descendants (so wrappers count).
// Prints each run, then median/min/max per command. Needs Linux (/proc).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_MS = 60_000;

function parseArgs(argv) {
  const opts = { runs: 5, pushes: 500, hubHome: null, json: false, commands: [] };
  let i = 0;
  for (; i < argv.length && argv[i] !== '--'; i++) {
    const a = argv[i];
    if (a === '--runs') opts.runs = Number(argv[++i]);
    else if (a === '--pushes') opts.pushes = Number(argv[++i]);
    else if (a === '--hub-home') opts.hubHome = argv[++i];
    else if (a === '--json') opts.json = true;
    else usage(`unknown option ${a}`);
  }
  for (const word of argv.slice(i)) {
    if (word === '--') opts.commands.push([]);
    else opts.commands[opts.commands.length - 1].push(word);
  }
  if (!opts.commands.length || opts.commands.some((c) => !c.length)) usage('no channel command given');
  if (!(opts.runs >= 1) || !(opts.pushes >= 0)) usage('--runs must be ≥ 1 and --pushes ≥ 0');
  return opts;
}

function usage(why) {
  console.error(`channel-start: ${why}\nusage: node bench/channel-start.mjs [--runs N] [--pushes M] [--hub-home DIR] [--json] -- CMD [ARG…] [-- CMD2 [ARG…] …]`);
  process.exit(2);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function within(ms, promise, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  })]).finally(() => clearTimeout(timer));
}

/** VmRSS in KiB of pid and all its descendants. */
function treeRssKiB(pid) {
  const children = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch { /* gone */ }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    try {
      const m = fs.readFileSync(`/proc/${p}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
      if (m) total += Number(m[1]);
    } catch { /* gone */ }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

class Hub {
  static async start(hubHome) {
    if (hubHome) return new Hub(hubHome, null);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mosaic-bench-'));
    const log = fs.openSync(path.join(home, 'hub.log'), 'a');
    const proc = spawn(path.join(ROOT, 'mosaic'), ['up', '--port', '0'], {
      env: { ...process.env, MOSAIC_HOME: home }, stdio: ['ignore', log, log],
    });
    const hub = new Hub(home, proc);
    const deadline = Date.now() + 180_000; // the first start may build the jar
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`the hub exited (${proc.exitCode})`);
      try {
        hub.load();
        if ((await fetch(`${hub.url}/api/v1/health`)).ok) return hub;
      } catch { /* not yet */ }
      if (Date.now() > deadline) throw new Error('the hub did not start');
      await sleep(200);
    }
  }

  constructor(home, proc) {
    this.home = home;
    this.proc = proc;
    if (!proc) this.load();
  }

  load() {
    const { url, token } = JSON.parse(fs.readFileSync(path.join(this.home, 'hub.json'), 'utf8'));
    this.url = url;
    this.token = token;
  }

  /** Calls the hub's API as the operator; retried after 429 and network errors (sends carry an idempotency_key). */
  async api(method, p, body) {
    for (let attempt = 1; ; attempt++) {
      let res;
      try {
        res = await fetch(`${this.url}${p}`, {
          method,
          headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (e) {
        if (attempt >= 3) throw new Error(`${method} ${p}: ${e.message} (${e.cause?.message ?? e.cause ?? 'no cause'})`);
        console.error(`channel-start: ${method} ${p} failed (${e.cause?.message ?? e.message}); trying again`);
        await sleep(100);
        continue;
      }
      if (res.status === 429) { // the operator's send rate limit: wait as told
        await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
        continue;
      }
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${p}: HTTP ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    }
  }

  /** Calls onEvent(type, data) for each event of the hub's stream; returns a function that stops it. */
  async events(onEvent) {
    const abort = new AbortController();
    const res = await fetch(`${this.url}/api/v1/events`, {
      headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' }, signal: abort.signal,
    });
    if (!res.ok) throw new Error(`GET /api/v1/events: HTTP ${res.status}`);
    (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body) {
          buffer += decoder.decode(chunk, { stream: true });
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const type = frame.match(/^event: ?(.*)$/m)?.[1];
            const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
            if (type && data) { try { onEvent(type, JSON.parse(data)); } catch { /* not JSON */ } }
          }
        }
      } catch { /* aborted */ }
    })();
    return () => abort.abort();
  }

  /** Keeps the hub's folder (its log) after stop(), for a failed measurement. */
  keep() {
    this.kept = true;
  }

  async stop() {
    if (!this.proc) return;
    this.proc.kill('SIGTERM');
    await within(10_000, new Promise((r) => (this.proc.exitCode !== null ? r() : this.proc.once('exit', r))), 'the hub to stop')
      .catch(() => this.proc.kill('SIGKILL'));
    if (this.kept) console.error(`channel-start: the hub's log is in ${path.join(this.home, 'hub.log')}`);
    else fs.rmSync(this.home, { recursive: true, force: true });
  }
}

async function oneRun(hub, command, pushes, index) {
  const pane = await hub.api('POST', '/api/v1/panes', { name: `bench-${process.pid}-${index}` });
  let registered;
  const registeredAt = new Promise((r) => { registered = r; });
  const stopEvents = await hub.events((type, data) => {
    if (type === 'pane' && data.id === pane.id && data.delivery === 'push') registered(performance.now());
  });

  const t0 = performance.now();
  const child = spawn(command[0], command.slice(1), {
    env: { ...process.env, MOSAIC_URL: hub.url, MOSAIC_PANE_ID: pane.id, MOSAIC_TOKEN: pane.token,
      MOSAIC_NAME: pane.name },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const exited = new Promise((_, reject) => child.once('exit', (code, sig) =>
    reject(new Error(`the channel exited (${code ?? sig}) during the run; stderr:\n${stderr}`))));
  exited.catch(() => {});

  let initialized;
  const initAt = new Promise((r) => { initialized = r; });
  let notifications = 0;
  let counted = () => {};
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    let msg;
    try { msg = JSON.parse(line); } catch { return; }
    if (msg.id === 1 && msg.result) initialized(performance.now());
    if (msg.method === 'notifications/claude/channel') { notifications++; counted(); }
  });
  const send = (obj) => child.stdin.write(`${JSON.stringify(obj)}\n`);
  send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {},
    clientInfo: { name: 'mosaic-bench', version: '0' } } });

  try {
    const initMs = (await within(TIMEOUT_MS, Promise.race([initAt, exited]), 'the initialize answer')) - t0;
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const registerMs = (await within(TIMEOUT_MS, Promise.race([registeredAt, exited]), 'registration (delivery push)')) - t0;
    const rssStartKiB = treeRssKiB(child.pid);

    let rssAfterKiB = null;
    if (pushes > 0) {
      const all = new Promise((r) => { counted = () => notifications >= pushes && r(); });
      let next = 0;
      const sender = async () => {
        while (next < pushes) {
          const i = next++;
          await hub.api('POST', '/api/v1/messages',
            { to: pane.id, text: `bench message ${i} ${'x'.repeat(100)}`, idempotency_key: `${pane.id}-${i}` });
        }
      };
      await Promise.all(Array.from({ length: 8 }, sender));
      await within(TIMEOUT_MS, Promise.race([all, exited]), `${pushes} notifications on stdout (got ${notifications})`);
      rssAfterKiB = treeRssKiB(child.pid);
    }
    return { initMs, registerMs, rssStartKiB, rssAfterKiB };
  } finally {
    stopEvents();
    child.stdin.end(); // a channel exits on stdin EOF
    await within(5_000, new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r))), 'the channel to exit')
      .catch(() => child.kill('SIGKILL'));
    await hub.api('DELETE', `/api/v1/panes/${pane.id}`).catch(() => {});
  }
}

function stats(values) {
  const v = values.filter((x) => x !== null).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  return { median: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2, min: v[0], max: v[v.length - 1] };
}

const opts = parseArgs(process.argv.slice(2));
const hub = await Hub.start(opts.hubHome);
const runs = opts.commands.map(() => []);
try {
  console.log(`hub: ${hub.url}; ${opts.runs} runs a command; ${opts.pushes} pushes a run (sent through the hub)`);
  opts.commands.forEach((c, k) => console.log(`command ${k + 1}: ${c.join(' ')}`));
  for (let i = 0; i < opts.runs; i++) {
    for (const [k, command] of opts.commands.entries()) {
      const r = await oneRun(hub, command, opts.pushes, `${i}-${k}`);
      runs[k].push(r);
      console.log(`run ${i + 1} of command ${k + 1}: init ${r.initMs.toFixed(0)} ms, registered ${r.registerMs.toFixed(0)} ms, `
        + `RSS ${(r.rssStartKiB / 1024).toFixed(1)} MiB at start`
        + (r.rssAfterKiB === null ? '' : `, ${(r.rssAfterKiB / 1024).toFixed(1)} MiB after ${opts.pushes} pushes`));
    }
  }
} catch (e) {
  console.error(`channel-start: ${e.message}`);
  process.exitCode = 1;
  hub.keep();
} finally {
  await hub.stop();
}
if (process.exitCode) process.exit();

const FIGURES = [
  ['init_ms', 'spawn → initialize answered', 'ms', 0, (r) => r.initMs],
  ['registered_ms', 'spawn → registered (push)', 'ms', 0, (r) => r.registerMs],
  ['rss_start_mib', 'RSS at start', 'MiB', 1, (r) => r.rssStartKiB / 1024],
  ['rss_after_pushes_mib', `RSS after ${opts.pushes} pushes`, 'MiB', 1,
    (r) => (r.rssAfterKiB === null ? null : r.rssAfterKiB / 1024)],
];
const summaries = opts.commands.map((command, k) => {
  const summary = { command: command.join(' '), runs: opts.runs, pushes: opts.pushes };
  for (const [key, , , , pick] of FIGURES) summary[key] = stats(runs[k].map(pick));
  return summary;
});
summaries.forEach((summary, k) => {
  console.log(`\ncommand ${k + 1}, ${summary.command}: median (min, max) over ${opts.runs} runs`);
  for (const [key, label, unit, digits] of FIGURES) {
    const s = summary[key];
    const first = summaries[0][key];
    const ratio = k > 0 && s && first ? `   ×${(s.median / first.median).toFixed(2)} command 1` : '';
    const value = s ? `${s.median.toFixed(digits)} ${unit} (min ${s.min.toFixed(digits)}, max ${s.max.toFixed(digits)})` : 'n/a';
    console.log(`  ${`${label}:`.padEnd(31)}${value}${ratio}`);
  }
});
if (opts.json) console.log(JSON.stringify(summaries));
process.exit(0);
