#!/usr/bin/env node
// Measures the Claude Code hook command (lib/hook.sh) beside `true`, both run the same way Claude Code runs a
// hook command: `/bin/sh -c CMD`, the hook's JSON on stdin, wall time from spawn to exit.
//
//   node bench/hook.mjs [--runs 300] [-- OTHER_HOOK_COMMAND ...]
//
// Each command after `--` (e.g. an older lib/hook.sh saved with `git show REV:lib/hook.sh`) is measured too, in the
// same alternating rounds, so a before/after pair shares the machine's noise.
// Starts its own hub (`./mosaic up --port 0`, a temporary MOSAIC_HOME), joins one pane, and alternates the two
// commands with that pane's MOSAIC_* env: first with the hub up (each hook run is a real state report), then
// after the hub was stopped (connection refused on its port). Prints p50/p99/max per command and case.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 300;
const dashes = process.argv.indexOf('--');
const OTHERS = dashes > 0 ? process.argv.slice(dashes + 1) : [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PAYLOADS = ['UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Stop'].map((e) => JSON.stringify({
  session_id: '5a8e0000-0000-4000-8000-000000000001', transcript_path: '/tmp/t.jsonl', cwd: '/tmp',
  permission_mode: 'default', hook_event_name: e, prompt: 'x'.repeat(200),
}));

function timeOnce(command, env, stdin) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn('/bin/sh', ['-c', command], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    p.on('error', reject);
    p.on('exit', (code) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code }));
    p.stdin.on('error', () => {}); // `true` exits without reading
    p.stdin.end(stdin);
  });
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1] };
}

async function measure(label, env) {
  const commands = { true: 'true', hook: path.join(ROOT, 'lib/hook.sh') };
  OTHERS.forEach((c, i) => { commands[`other${i + 1}`] = c; });
  const names = Object.keys(commands);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const name of i % 2 ? names : [...names].reverse()) {
      const r = await timeOnce(commands[name], env, PAYLOADS[i % PAYLOADS.length]);
      if (r.code !== 0) throw new Error(`${name} exited ${r.code}`);
      times[name].push(r.ms);
    }
  }
  const floor = stats(times.true).p50;
  for (const name of names) {
    const s = stats(times[name]);
    const above = name === 'true' ? '' : `  p50-true=${(s.p50 - floor).toFixed(1)} ms`;
    console.log(`${label.padEnd(9)} ${name.padEnd(6)} runs=${RUNS} p50=${s.p50.toFixed(1)} ms  p99=${s.p99.toFixed(1)} ms  max=${s.max.toFixed(1)} ms${above}  ${name.startsWith('other') ? commands[name] : ''}`);
  }
  console.log(`${label.padEnd(9)} load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mosaic-hook-bench-'));
const log = fs.openSync(path.join(home, 'hub.log'), 'a');
const hub = spawn(path.join(ROOT, 'mosaic'), ['up', '--port', '0'], {
  env: { ...process.env, MOSAIC_HOME: home }, stdio: ['ignore', log, log],
});
try {
  let url, token;
  for (const deadline = Date.now() + 180_000; ; await sleep(200)) { // the first start may build the jar
    if (hub.exitCode !== null) throw new Error(`the hub exited (${hub.exitCode}); see ${home}/hub.log`);
    try {
      ({ url, token } = JSON.parse(fs.readFileSync(path.join(home, 'hub.json'), 'utf8')));
      if ((await fetch(`${url}/api/v1/health`)).ok) break;
    } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error('the hub did not start');
  }
  const res = await fetch(`${url}/api/v1/panes`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'hook-bench' }),
  });
  const pane = await res.json();
  const env = { PATH: process.env.PATH, MOSAIC_URL: url, MOSAIC_PANE_ID: pane.id, MOSAIC_TOKEN: pane.token };
  await measure('hub up', env);
  const state = await (await fetch(`${url}/api/v1/panes/${pane.id}`, { headers: { authorization: `Bearer ${token}` } })).json();
  if (!['working', 'idle'].includes(state.agent_state)) throw new Error(`the hook did not report: ${JSON.stringify(state)}`);
  hub.kill('SIGTERM');
  await new Promise((r) => hub.once('exit', r));
  await measure('hub down', env);
} finally {
  if (hub.exitCode === null) hub.kill('SIGTERM');
}
