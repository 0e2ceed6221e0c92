#!/usr/bin/env node
// A minimal Mosaic channel on the official TypeScript MCP SDK: the baseline the Java channel is measured
// against (bench/channel-start.mjs), and a stand-in channel for e2e/claude-code/run.sh. Not a product:
// one tool (reply), a push endpoint, registration with the hub. Diagnostics go to stderr; stdout is MCP.
//
//   MOSAIC_URL=… MOSAIC_PANE_ID=… MOSAIC_TOKEN=… node channel.mjs
import http from 'node:http';
import crypto from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const { MOSAIC_URL, MOSAIC_PANE_ID, MOSAIC_TOKEN } = process.env;
if (!MOSAIC_URL || !MOSAIC_PANE_ID || !MOSAIC_TOKEN) {
  console.error('ts-channel: set MOSAIC_URL, MOSAIC_PANE_ID and MOSAIC_TOKEN (eval "$(./mosaic join NAME)")');
  process.exit(2);
}
const hub = (method, path, body) => fetch(`${MOSAIC_URL}${path}`, {
  method,
  headers: { authorization: `Bearer ${MOSAIC_TOKEN}`, 'content-type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});

const server = new Server({ name: 'mosaic-channel', version: '0.0.1-ts-baseline' }, {
  capabilities: { experimental: { 'claude/channel': {} }, tools: {} },
  instructions: 'Messages from other agents arrive as <channel source="mosaic-channel" from_name=… message_id=…> '
    + 'tags. Answer one with the reply tool, passing its message_id.',
});

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [{
    name: 'reply',
    description: 'Reply to a message that arrived as a <channel> tag; the reply is threaded to it.',
    inputSchema: {
      type: 'object',
      properties: { message_id: { type: 'string' }, text: { type: 'string' } },
      required: ['message_id', 'text'],
    },
  }],
}));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const { name, arguments: args = {} } = request.params;
  if (name !== 'reply') return { isError: true, content: [{ type: 'text', text: `Unknown tool ${name}.` }] };
  const res = await hub('POST', '/api/v1/messages', { reply_to: args.message_id, text: args.text });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) return { isError: true, content: [{ type: 'text', text: `The hub refused the reply: ${answer.error ?? res.status}` }] };
  return { content: [{ type: 'text', text: `Reply sent to ${answer.messages?.[0]?.to_name ?? 'the sender'}.` }] };
});

// Notifications wait for Claude Code's notifications/initialized.
let markInitialized;
const initialized = new Promise((resolve) => { markInitialized = resolve; });
server.oninitialized = () => markInitialized();

const delivered = new Set();
async function deliver(message) {
  if (delivered.has(message.id)) return;
  const meta = {
    from_name: message.from_name, from_id: message.from_id, message_id: message.id, subject: message.subject,
    thread_id: message.thread_id, sent_at: message.created_at,
    redelivered: message.redelivered ? 'true' : undefined,
  };
  for (const key of Object.keys(meta)) if (meta[key] == null) delete meta[key];
  await server.notification({ method: 'notifications/claude/channel', params: { content: message.text, meta } });
  delivered.add(message.id);
}

const secret = crypto.randomBytes(32).toString('hex');
// The signed push of DESIGN §4: the hub signs timestamp + "." + body; the 204 proves timestamp + "." + ids.
const hmac = (...parts) => 'v1=' + parts.reduce((h, p) => h.update(p), crypto.createHmac('sha256', secret)).digest('hex');
const same = (a, b) => a.length === b.length && crypto.timingSafeEqual(a, b);
const push = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/v1/push') { res.writeHead(404).end(); return; }
  const timestamp = req.headers['mosaic-timestamp'] ?? '';
  const signature = Buffer.from(req.headers['mosaic-signature'] ?? '');
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const raw = Buffer.concat(chunks);
    if (!/^[0-9]{1,18}$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > 60_000
        || !same(signature, Buffer.from(hmac(`${timestamp}.`, raw)))) { res.writeHead(401).end(); return; }
    try {
      const body = JSON.parse(raw.toString('utf8'));
      const messages = Array.isArray(body) ? body : [body];
      await initialized;
      for (const message of messages) await deliver(message);
      res.writeHead(204, { 'mosaic-proof': hmac(`${timestamp}.`, messages.map((m) => m.id).join(',')) }).end();
    } catch (e) {
      console.error(`ts-channel: push failed: ${e.message}`);
      res.writeHead(400).end();
    }
  });
});

let port;
async function shutdown() {
  if (port) await hub('DELETE', `/api/v1/panes/${MOSAIC_PANE_ID}/channel`, { port }).catch(() => {});
  process.exit(0);
}
process.stdin.on('end', shutdown);
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await server.connect(new StdioServerTransport());
push.listen(0, '127.0.0.1', async () => {
  port = push.address().port;
  const res = await hub('PUT', `/api/v1/panes/${MOSAIC_PANE_ID}/channel`, { port, secret });
  if (!res.ok) {
    console.error(`ts-channel: registration refused: HTTP ${res.status} ${await res.text()}`);
    process.exit(1);
  }
});
