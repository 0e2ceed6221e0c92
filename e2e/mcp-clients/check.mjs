#!/usr/bin/env node
// An MCP client nobody on Mosaic wrote (the official TypeScript SDK's, pinned in package-lock.json) drives
// `mosaic channel` against a real hub (`mosaic up --port 0` in a temporary MOSAIC_HOME), the way another MCP
// host would: handshake, tools/list, list_agents, send to the operator (then read from the hub's API), bad
// arguments, and the protocol edges of issue 20. Prints one line per check and a closing line; exits 1 when a
// check fails.
//
//   node e2e/mcp-clients/check.mjs        (after `npm ci` here; builds target/mosaic.jar first if needed)
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MOSAIC = path.join(ROOT, 'mosaic');
const HUB_START_MS = 180_000; // the first start may build the jar
const ANSWER_MS = 30_000;

/** A hub of its own: `mosaic up --port 0` in a temporary MOSAIC_HOME, stopped at the end. */
class Hub {
  static async start() {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mosaic-mcp-clients-'));
    const log = fs.openSync(path.join(home, 'hub.log'), 'a');
    const proc = spawn(MOSAIC, ['up', '--port', '0'], {
      env: { ...process.env, MOSAIC_HOME: home }, stdio: ['ignore', log, log],
    });
    const hub = new Hub(home, proc);
    const deadline = Date.now() + HUB_START_MS;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`the hub exited (${proc.exitCode}); see ${home}/hub.log`);
      try {
        ({ url: hub.url, token: hub.token } = JSON.parse(fs.readFileSync(path.join(home, 'hub.json'), 'utf8')));
        if ((await fetch(`${hub.url}/api/v1/health`)).ok) return hub;
      } catch { /* not yet */ }
      if (Date.now() > deadline) throw new Error(`the hub did not start; see ${home}/hub.log`);
      await sleep(200);
    }
  }

  constructor(home, proc) {
    this.home = home;
    this.proc = proc;
  }

  /** Calls the API as the operator; the parsed body, or an error naming the status. */
  async api(method, p, body) {
    const res = await fetch(`${this.url}${p}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  async stop() {
    if (this.proc.exitCode !== null) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
  }
}

/** `mosaic channel` as an MCP host starts it: a command, arguments and environment. */
function channelParams(hub, name) {
  const env = { MOSAIC_HOME: hub.home, MOSAIC_NAME: name };
  if (process.env.JAVA_HOME) env.JAVA_HOME = process.env.JAVA_HOME;
  return { command: MOSAIC, args: ['channel'], env, stderr: 'pipe' };
}

/** The SDK's client, connected (initialize, then notifications/initialized); stderr kept for messages. */
async function connect(hub, name) {
  const transport = new StdioClientTransport(channelParams(hub, name));
  const stderr = [];
  transport.stderr?.on('data', (d) => stderr.push(String(d)));
  const client = new Client({ name: 'mosaic-mcp-clients-check', version: '1.0.0' });
  await client.connect(transport, { timeout: ANSWER_MS });
  return { client, transport, stderr };
}

function text(result) {
  return result.content.map((c) => c.text).join('\n');
}

/** The MCP error a request is answered with; fails when it succeeds instead. */
async function mcpError(promise) {
  try {
    const result = await promise;
    throw new assert.AssertionError({ message: `expected an error, got ${JSON.stringify(result)}` });
  } catch (e) {
    if (!(e instanceof McpError)) throw e;
    return e;
  }
}

/** A sentence: words ending with a full stop, and no exception in it. */
function assertSentence(s) {
  assert.match(s, /^\S+( \S+)+[.]$/s, `not a sentence: ${s}`);
  assert.doesNotMatch(s, /Exception|\bat [a-z]+\.[a-z]/, `an exception leaked: ${s}`);
}

const checks = [];
function check(title, body) {
  checks.push({ title, body });
}

let hub;
let session; // the channel of most checks, joined by name as "Tester"

check('ping before initialize is answered at once', async () => {
  const transport = new StdioClientTransport(channelParams(hub, 'Early'));
  const answered = new Promise((resolve, reject) => {
    transport.onmessage = (m) => (m.id === 'early-ping' ? resolve(m) : undefined);
    transport.onerror = reject;
    setTimeout(() => reject(new Error(`no answer to ping within ${ANSWER_MS} ms`)), ANSWER_MS).unref();
  });
  await transport.start();
  await transport.send({ jsonrpc: '2.0', id: 'early-ping', method: 'ping' });
  const answer = await answered;
  assert.deepEqual(answer.result, {});
  await transport.close();
});

check('handshake: the claude/channel capability, tools and instructions', async () => {
  session = await connect(hub, 'Tester');
  // The first tool call, on the heels of notifications/initialized, while the channel may still be joining.
  const first = await session.client.callTool({ name: 'list_agents', arguments: {} });
  assert.equal(first.isError ?? false, false, `the first tool call failed: ${text(first)}`);
  assert.match(text(first), /- Tester \(you\): live/);
  const caps = session.client.getServerCapabilities();
  assert.deepEqual(caps.experimental?.['claude/channel'], {});
  assert.ok(caps.tools, 'no tools capability');
  assert.match(session.client.getInstructions() ?? '', /<channel/);
});

check('tools/list: each tool has a description and an object input schema', async () => {
  const { tools } = await session.client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), ['list_agents', 'pass_floor', 'read_inbox', 'reply', 'room_post', 'send']);
  for (const t of tools) {
    assert.ok(t.description && t.description.length > 20, `${t.name} has no description`);
    assert.equal(t.inputSchema?.type, 'object', `${t.name}'s input schema is not an object schema`);
  }
});

check('an invalid cursor is -32602', async () => {
  const e = await mcpError(session.client.listTools({ cursor: 'bogus' }));
  assert.equal(e.code, -32602);
  assert.match(e.message, /cursor/);
});

check('send to operator is stored in the hub', async () => {
  const marker = `hello operator ${Date.now()}`;
  const sent = await session.client.callTool({ name: 'send', arguments: { to: 'operator', text: marker } });
  assert.equal(sent.isError ?? false, false, text(sent));
  assert.equal(text(sent), 'Message sent to operator.');
  const inbox = await hub.api('GET', '/api/v1/panes/operator/inbox?peek=true');
  const stored = inbox.messages.find((m) => m.text === marker);
  assert.ok(stored, `not in the operator's inbox: ${JSON.stringify(inbox)}`);
  assert.equal(stored.from_name, 'Tester');
});

check('bad arguments are an error result with a sentence', async () => {
  const missing = await session.client.callTool({ name: 'send', arguments: { to: 'operator' } });
  assert.equal(missing.isError, true);
  assertSentence(text(missing));
  assert.match(text(missing), /'text'/);
  const nobody = await session.client.callTool({ name: 'send', arguments: { to: 'Zed', text: 'hi' } });
  assert.equal(nobody.isError, true);
  assert.match(text(nobody), /list_agents/);
});

check('arguments that are not an object are -32602 with a sentence', async () => {
  for (const args of ['x', [1, 2], 42]) {
    const e = await mcpError(session.client.request(
      { method: 'tools/call', params: { name: 'send', arguments: args } }, CallToolResultSchema));
    assert.equal(e.code, -32602, `arguments ${JSON.stringify(args)}: ${e.message}`);
    assert.match(e.message, /'arguments'.*object/);
  }
  const afterwards = await session.client.callTool({ name: 'list_agents', arguments: {} });
  assert.equal(afterwards.isError ?? false, false);
  const traces = session.stderr.join('').split('\n').filter((l) => /^\s+at |Exception/.test(l));
  assert.deepEqual(traces, [], 'a stack trace on stderr');
});

check('an unknown tool is -32602 naming it', async () => {
  const e = await mcpError(session.client.callTool({ name: 'teleport', arguments: {} }));
  assert.equal(e.code, -32602);
  assert.match(e.message, /teleport/);
  assert.doesNotMatch(e.message, /invalid_tool_name/);
});

check('logging/setLevel with an unknown level is -32602 naming the levels', async () => {
  const e = await mcpError(session.client.setLoggingLevel('loud'));
  assert.equal(e.code, -32602);
  assert.match(e.message, /debug.*emergency/);
  assert.deepEqual(await session.client.setLoggingLevel('warning'), {});
});

check('ping after initialize', async () => {
  assert.deepEqual(await session.client.ping(), {});
});

check('stopped panes of earlier sessions are listed only with all', async () => {
  await session.client.close(); // the channel exits and stops its pane, freeing the name
  const deadline = Date.now() + ANSWER_MS;
  while ((await hub.api('GET', '/api/v1/panes')).panes.some((p) => p.name === 'Tester')) {
    assert.ok(Date.now() < deadline, 'the first Tester pane is still listed after its channel exited');
    await sleep(100);
  }
  session = await connect(hub, 'Tester');
  const live = text(await session.client.callTool({ name: 'list_agents', arguments: {} }));
  assert.equal(live.match(/- Tester/g).length, 1, live);
  const all = text(await session.client.callTool({ name: 'list_agents', arguments: { all: true } }));
  assert.match(all, /- Tester \(you\): live/);
  assert.match(all, /- Tester: stopped/);
  const listed = (await hub.api('GET', '/api/v1/panes?all=true')).panes.filter((p) => p.name === 'Tester');
  assert.deepEqual(listed.map((p) => p.status).sort(), ['live', 'stopped']);
});

let failed = 0;
try {
  hub = await Hub.start();
  for (const { title, body } of checks) {
    const started = Date.now();
    const sessionBefore = session;
    const stderrBefore = session?.stderr.join('').length ?? 0;
    try {
      await body();
      console.log(`ok    ${title} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL  ${title}: ${e.message}`);
      // What the channel said on stderr meanwhile, in short.
      const said = (session?.stderr.join('') ?? '').slice(session === sessionBefore ? stderrBefore : 0).trim().split('\n').slice(0, 5);
      if (said[0]) console.log(`      channel stderr: ${said.join('\n      ')}`);
    }
  }
} catch (e) {
  failed++;
  console.log(`FAIL  could not run the checks: ${e.message}`);
} finally {
  await session?.client.close().catch(() => {});
  await hub?.stop();
}
console.log(failed === 0
  ? `mcp-clients: all ${checks.length} checks passed (@modelcontextprotocol/sdk client against mosaic channel)`
  : `mcp-clients: ${failed} of ${checks.length} checks FAILED`);
// The plain closing line CI reads: 'N passed, N failed'.
console.log(`mcp-clients: ${checks.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
