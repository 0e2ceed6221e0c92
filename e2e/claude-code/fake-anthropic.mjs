#!/usr/bin/env node
// A fake Anthropic Messages API for driving a real Claude Code in tests. No dependencies.
//
//   node fake-anthropic.mjs serve --log FILE [--port 0] [--port-file FILE]
//       Serves on 127.0.0.1. Logs every request (one JSON object a line: method, url, body) to FILE.
//       POST /v1/messages: streams (SSE) or returns one message, following a tiny script:
//         - the last user message holds a tool_result         -> plain text, stop_reason end_turn;
//         - it holds <channel source="mosaic-channel" … message_id="X" …> and the request offers
//           mcp__mosaic-channel__reply                           -> tool_use reply {message_id: X, text: "pong from Bob"};
//         - its text has READ_INBOX and the request offers mcp__mosaic-channel__read_inbox
//                                                               -> tool_use read_inbox {} (the agent polls its inbox);
//         - it holds a <channel …> block whose text has RUN:<cmd> and the request offers Bash
//                                                               -> tool_use Bash {command: cmd} (it needs approval);
//         - its last <channel …> block is from a room (room="R") and says "it is your turn", and the request
//           offers mcp__mosaic-channel__room_post            -> tool_use room_post {room: R, text: "My turn in R"};
//         - the agent moderates room R (the conversation holds the notice "You moderate room 'R' with members …"):
//           that notice                                      -> tool_use room_post {room: R, text: "Opening in R: …"},
//           then, on its tool_result                         -> tool_use pass_floor {room: R, to: the first member};
//           a member's post in R                             -> tool_use pass_floor {room: R, to: the member after
//                                                               the poster, in the notice's order, going round};
//           any other room block                             -> a short text answer (a member waits for the floor);
//         - anything else                                       -> a short text answer.
//       Two more, for two agents talking (e2e/claude-code/web.sh), checked before the ones above that need a channel:
//         - the user typed SEND:NAME:TEXT at the prompt (outside any <channel> block) and the request offers
//           mcp__mosaic-channel__send                           -> tool_use send {to: NAME, text: TEXT};
//           it does not offer send yet (the channel is still connecting) but WaitForMcpServers
//                                                               -> tool_use WaitForMcpServers, then with its result
//                                                                  send as above, as a real model does;
//         - its last <channel …> block's text starts with "pong from" (an agent's reply to this one)
//                                                               -> a short text answer, so that two agents do not
//                                                                  answer each other's replies for ever.
//       POST /v1/messages/count_tokens: {"input_tokens": N}. Anything else: 200 {} (logged).
//
//   node fake-anthropic.mjs find-channel FILE TEXT [FROM_NAME]
//       Exits 0 and prints the first <channel source="mosaic-channel" …> block (as the model saw it) from
//       the last user message of a logged request that contains TEXT (and from_name="FROM_NAME"); else exits 1.
import http from 'node:http';
import fs from 'node:fs';

const REPLY_TOOL = 'mcp__mosaic-channel__reply';
const ROOM_POST_TOOL = 'mcp__mosaic-channel__room_post';
const READ_INBOX_TOOL = 'mcp__mosaic-channel__read_inbox';
const PASS_FLOOR_TOOL = 'mcp__mosaic-channel__pass_floor';
const SEND_TOOL = 'mcp__mosaic-channel__send';
const WAIT_TOOL = 'WaitForMcpServers';
const WAIT_ID = 'toolu_fake_wait_';
const TYPED_SEND_RE = /SEND:([A-Za-z0-9_.-]+):([^\n]+)/;
const CHANNEL_RE = /<channel source="mosaic-channel"([^>]*)>([\s\S]*?)<\/channel>/g;

function lastUserMessage(body) {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === 'user') return messages[i];
  return null;
}

function blocks(message) {
  if (!message) return [];
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content ?? [];
}

function textOf(message) {
  return blocks(message).filter((b) => b.type === 'text').map((b) => b.text).join('\n');
}

function attrs(s) {
  const out = {};
  for (const m of s.matchAll(/([A-Za-z_][A-Za-z0-9_]*)="([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

function toolUse(text, name, input) {
  return {
    content: [{ type: 'text', text }, { type: 'tool_use', id: `toolu_fake_${Date.now()}`, name, input }],
    stop: 'tool_use',
  };
}

/** The members of room R in order, from the notice that made this agent its moderator; null if it does not moderate R. */
function moderatedMembers(body, room) {
  const all = (body.messages ?? []).filter((m) => m.role === 'user').map(textOf).join('\n');
  const m = new RegExp(`You moderate room '${room.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' with members (.+?)\\. `)
    .exec(all);
  return m ? m[1].split(/, | and /) : null;
}

/** A moderator's turn (the e2e debate): open the room, then hand the floor on after each member's post. */
function moderatorAnswer(body, last, channels) {
  const offers = (name) => (body.tools ?? []).some((t) => t.name === name);
  const messages = body.messages ?? [];
  let at = messages.lastIndexOf(last) - 1; // the assistant's turn before the last user message
  while (at >= 0 && messages[at]?.role !== 'assistant') at--;
  const previous = at >= 0 ? messages[at] : null;
  const opened = blocks(previous).find((b) => b.type === 'tool_use' && b.name === ROOM_POST_TOOL
    && /^Opening in /.test(b.input?.text ?? ''));
  if (opened && blocks(last).some((b) => b.type === 'tool_result') && offers(PASS_FLOOR_TOOL)) {
    const members = moderatedMembers(body, opened.input.room);
    if (members) return toolUse('Giving the floor.', PASS_FLOOR_TOOL, { room: opened.input.room, to: members[0] });
  }
  if (channels.length === 0) return null;
  const [, attrText, content] = channels[channels.length - 1];
  const a = attrs(attrText);
  const members = a.room ? moderatedMembers(body, a.room) : null;
  if (!members) return null;
  if (a.from_name === `room:${a.room}` && content.includes('You moderate room') && offers(ROOM_POST_TOOL)) {
    return toolUse('Opening the debate.', ROOM_POST_TOOL,
      { room: a.room, text: `Opening in ${a.room}: one hub per machine, or one per project?` });
  }
  const poster = members.indexOf(a.from_name);
  if (poster >= 0 && offers(PASS_FLOOR_TOOL)) {
    return toolUse('Next speaker.', PASS_FLOOR_TOOL, { room: a.room, to: members[(poster + 1) % members.length] });
  }
  return null;
}

/** Decides the answer: a list of content blocks and a stop reason. */
function answer(body) {
  const last = lastUserMessage(body);
  const moderating = moderatorAnswer(body, last, [...textOf(last).matchAll(CHANNEL_RE)]);
  if (moderating) return moderating;
  const offers = (name) => (body.tools ?? []).some((t) => t.name === name);
  const results = blocks(last).filter((b) => b.type === 'tool_result');
  if (results.length > 0) {
    // Back from WaitForMcpServers: the prompt that needed the channel is the last one typed before it.
    const waited = results.some((b) => String(b.tool_use_id ?? '').startsWith(WAIT_ID));
    const typed = waited ? typedSendBefore(body.messages ?? []) : null;
    if (typed && offers(SEND_TOOL)) return sendTo(typed);
    return { content: [{ type: 'text', text: 'Replied on the channel.' }], stop: 'end_turn' };
  }
  const offersReply = (body.tools ?? []).some((t) => t.name === REPLY_TOOL);
  if (textOf(last).includes('READ_INBOX') && (body.tools ?? []).some((t) => t.name === READ_INBOX_TOOL)) {
    return {
      content: [
        { type: 'text', text: 'Reading my inbox.' },
        { type: 'tool_use', id: `toolu_fake_${Date.now()}`, name: READ_INBOX_TOOL, input: {} },
      ],
      stop: 'tool_use',
    };
  }
  const channels = [...textOf(last).matchAll(CHANNEL_RE)];
  const typedSend = TYPED_SEND_RE.exec(textOf(last).replace(CHANNEL_RE, ''));
  if (typedSend && offers(SEND_TOOL)) return sendTo(typedSend);
  if (typedSend && offers(WAIT_TOOL)) {
    return {
      content: [
        { type: 'text', text: 'Waiting for the channel to connect.' },
        { type: 'tool_use', id: `${WAIT_ID}${Date.now()}`, name: WAIT_TOOL, input: { servers: ['mosaic-channel'] } },
      ],
      stop: 'tool_use',
    };
  }
  if (channels.length > 0 && /^\s*pong from /.test(channels[channels.length - 1][2])) {
    return { content: [{ type: 'text', text: 'Got the answer.' }], stop: 'end_turn' };
  }
  const run = channels.length > 0 ? /RUN:(.+)/.exec(channels[channels.length - 1][2]) : null;
  if (run && (body.tools ?? []).some((t) => t.name === 'Bash')) {
    return {
      content: [
        { type: 'text', text: 'Running it.' },
        { type: 'tool_use', id: `toolu_fake_${Date.now()}`, name: 'Bash',
          input: { command: run[1].trim(), description: 'Run the requested command' } },
      ],
      stop: 'tool_use',
    };
  }
  const room = channels.length > 0 ? attrs(channels[channels.length - 1][1]).room : undefined;
  if (room) {
    if (/it is your turn/.test(channels[channels.length - 1][2])
        && (body.tools ?? []).some((t) => t.name === ROOM_POST_TOOL)) {
      return {
        content: [
          { type: 'text', text: 'Taking the floor.' },
          { type: 'tool_use', id: `toolu_fake_${Date.now()}`, name: ROOM_POST_TOOL,
            input: { room, text: `My turn in ${room}` } },
        ],
        stop: 'tool_use',
      };
    }
    return { content: [{ type: 'text', text: 'Waiting for the floor.' }], stop: 'end_turn' };
  }
  if (offersReply && channels.length > 0) {
    const id = attrs(channels[channels.length - 1][1]).message_id;
    if (id) {
      return {
        content: [
          { type: 'text', text: 'Answering on the channel.' },
          { type: 'tool_use', id: `toolu_fake_${Date.now()}`, name: REPLY_TOOL,
            input: { message_id: id, text: 'pong from Bob' } },
        ],
        stop: 'tool_use',
      };
    }
  }
  return { content: [{ type: 'text', text: 'Hello from the fake model.' }], stop: 'end_turn' };
}

/** The SEND:NAME:TEXT match of the latest user message that has one (the prompt typed before the wait). */
function typedSendBefore(messages) {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role !== 'user') continue;
    const typed = TYPED_SEND_RE.exec(textOf(messages[i]).replace(CHANNEL_RE, ''));
    if (typed) return typed;
  }
  return null;
}

function sendTo(typed) {
  return {
    content: [
      { type: 'text', text: `Sending to ${typed[1]}.` },
      { type: 'tool_use', id: `toolu_fake_${Date.now()}`, name: SEND_TOOL, input: { to: typed[1], text: typed[2].trim() } },
    ],
    stop: 'tool_use',
  };
}

function usage(body) {
  return { input_tokens: Math.max(1, Math.round(JSON.stringify(body ?? {}).length / 4)), output_tokens: 1,
    cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
}

function sse(res, body, { content, stop }) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive',
    'request-id': `req_fake_${Date.now()}` });
  const send = (event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
  send('message_start', { message: { id: `msg_fake_${Date.now()}`, type: 'message', role: 'assistant',
    model: body.model ?? 'claude-fake', content: [], stop_reason: null, stop_sequence: null, usage: usage(body) } });
  content.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      send('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
    }
    send('content_block_stop', { index });
  });
  send('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 10 } });
  send('message_stop', {});
  res.end();
}

function json(res, status, obj) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(obj));
}

function serve(opts) {
  const log = fs.openSync(opts.log, 'a');
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body = null;
      try { body = raw ? JSON.parse(raw) : null; } catch { body = raw; }
      const path = req.url.split('?')[0];
      let reply = null;
      try {
        if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
          json(res, 200, { input_tokens: usage(body).input_tokens });
        } else if (req.method === 'POST' && path === '/v1/messages') {
          reply = answer(body ?? {});
          if (body?.stream) sse(res, body, reply);
          else json(res, 200, { id: `msg_fake_${Date.now()}`, type: 'message', role: 'assistant',
            model: body?.model ?? 'claude-fake', content: reply.content, stop_reason: reply.stop,
            stop_sequence: null, usage: usage(body) });
        } else {
          json(res, 200, {});
        }
      } finally {
        fs.writeSync(log, JSON.stringify({ time: new Date().toISOString(), method: req.method, url: req.url,
          answer: reply?.stop ?? null, body }) + '\n');
      }
    });
  });
  server.listen(Number(opts.port ?? 0), '127.0.0.1', () => {
    const port = server.address().port;
    if (opts['port-file']) fs.writeFileSync(opts['port-file'], `${port}\n`);
    console.log(`fake-anthropic listening on http://127.0.0.1:${port}, logging to ${opts.log}`);
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
}

function findChannel(file, text, fromName) {
  if (!fs.existsSync(file)) return 1;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let entry;
    try { entry = JSON.parse(line); } catch { continue; }
    for (const m of textOf(lastUserMessage(entry.body)).matchAll(CHANNEL_RE)) {
      const a = attrs(m[1]);
      if (m[2].includes(text) && (!fromName || a.from_name === fromName)) {
        console.log(m[0]);
        return 0;
      }
    }
  }
  return 1;
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'serve') {
  const opts = {};
  for (let i = 0; i < rest.length; i += 2) opts[rest[i].replace(/^--/, '')] = rest[i + 1];
  if (!opts.log) { console.error('usage: fake-anthropic.mjs serve --log FILE [--port P] [--port-file FILE]'); process.exit(2); }
  serve(opts);
} else if (command === 'find-channel' && rest.length >= 2) {
  process.exit(findChannel(rest[0], rest[1], rest[2]));
} else {
  console.error('usage: fake-anthropic.mjs serve --log FILE [--port P] [--port-file FILE]\n'
    + '       fake-anthropic.mjs find-channel LOG TEXT [FROM_NAME]');
  process.exit(2);
}
