#!/usr/bin/env node
// Wall time of CLI commands as whole processes (spawn → exit), beside `true`, against a real hub.
//
//   node bench/cli.mjs [--runs 20] [-- VARIANT_PREFIX ...]
//
// Starts its own hub (`./mosaic up --port 0`, a temporary MOSAIC_HOME), joins two panes, and runs, alternating
// in rounds so the machine's noise hits them alike: `true`, `./mosaic panes` (as the operator), `./mosaic send
// Peer x` and `./mosaic inbox` (as a pane, MOSAIC_* env), `./mosaic status` (as the operator), each through `/bin/sh -c`. Every `--` group adds a
// variant: the same four mosaic commands prefixed with it (e.g. `-- env MOSAIC_FAST=0 ./mosaic` for the Java CLI,
// `-- env MOSAIC_FAST=0 MOSAIC_NO_AOT=1 ./mosaic` for it without the AOT cache). Prints p50/p90/max.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(argv[runsAt + 1]) : 20;
const MOSAIC = path.join(ROOT, 'mosaic');
const launchers = [MOSAIC];
for (let i = argv.indexOf('--'); i >= 0; i = argv.indexOf('--', i + 1)) {
  const end = argv.indexOf('--', i + 1);
  launchers.push(argv.slice(i + 1, end < 0 ? undefined : end).join(' '));
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function timeOnce(command, env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn('/bin/sh', ['-c', command], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    p.on('error', reject);
    p.on('exit', (code) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code, err }));
  });
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { p50: at(0.5), p90: at(0.9), max: s[s.length - 1] };
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mosaic-cli-bench-'));
const log = fs.openSync(path.join(home, 'hub.log'), 'a');
process.chdir(ROOT);
const hub = spawn(MOSAIC, ['up', '--port', '0'], {
  env: { ...process.env, MOSAIC_HOME: home }, stdio: ['ignore', log, log],
});
try {
  let url, token;
  for (const deadline = Date.now() + 300_000; ; await sleep(200)) { // the first start may build the jar
    if (hub.exitCode !== null) throw new Error(`the hub exited (${hub.exitCode}); see ${home}/hub.log`);
    try {
      ({ url, token } = JSON.parse(fs.readFileSync(path.join(home, 'hub.json'), 'utf8')));
      if ((await fetch(`${url}/api/v1/health`)).ok) break;
    } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error('the hub did not start');
  }
  const join = async (name) => (await fetch(`${url}/api/v1/panes`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  })).json();
  const me = await join('cli-bench');
  await join('Peer');
  const base = { PATH: process.env.PATH, HOME: process.env.HOME };
  if (process.env.JAVA_HOME) base.JAVA_HOME = process.env.JAVA_HOME;
  const operator = { ...base, MOSAIC_HOME: home };
  const pane = { ...base, MOSAIC_URL: url, MOSAIC_PANE_ID: me.id, MOSAIC_TOKEN: me.token };
  const cases = [['true', 'true', base]];
  for (const l of launchers) {
    const tag = l === MOSAIC ? '' : ` [${l}]`;
    cases.push([`mosaic panes${tag}`, `${l} panes`, operator]);
    cases.push([`mosaic send${tag}`, `${l} send Peer 'bench message'`, pane]);
    cases.push([`mosaic inbox${tag}`, `${l} inbox`, pane]);
    cases.push([`mosaic status${tag}`, `${l} status`, operator]);
  }
  for (const [, command, env] of cases) { // warm-up: page cache, and the launcher's AOT training if any
    const r = await timeOnce(command, env);
    if (r.code !== 0) throw new Error(`${command} exited ${r.code}: ${r.err}`);
  }
  await sleep(Number(process.env.MOSAIC_BENCH_SETTLE_MS ?? 0)); // lets a background AOT training finish
  const loadAtStart = os.loadavg().map((x) => x.toFixed(2)).join(', ');
  const times = new Map(cases.map(([name]) => [name, []]));
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? [...cases].reverse() : cases;
    for (const [name, command, env] of order) {
      const r = await timeOnce(command, env);
      if (r.code !== 0) throw new Error(`${command} exited ${r.code}: ${r.err}`);
      times.get(name).push(r.ms);
    }
  }
  console.log(`load average ${loadAtStart} at start, ${os.loadavg().map((x) => x.toFixed(2)).join(', ')} at end; ${os.cpus().length} cpus`);
  for (const [name] of cases) {
    const s = stats(times.get(name));
    console.log(`${name.padEnd(44)} runs=${RUNS} p50=${s.p50.toFixed(0)} ms  p90=${s.p90.toFixed(0)} ms  max=${s.max.toFixed(0)} ms`);
  }
} finally {
  if (hub.exitCode === null) hub.kill('SIGTERM');
}
