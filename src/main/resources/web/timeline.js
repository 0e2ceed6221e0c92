// The timeline: the recent history, then messages as the event stream brings them, grouped by thread, each with its
// route (queued, pushed, polled, seen, read, redelivered) kept up to date by delivery events. A message is shown once,
// however often it is told (history and stream overlap).
import { el, shortTime } from './dom.js';

/** Threads kept on screen; the oldest go first. */
const MAX_THREADS = 200;

/**
 * How a message got (or did not yet get) to its recipient, in words: by push, poll or Claude Code's messaging socket,
 * then seen (the agent's session took it in) and read; redelivered when it was sent again.
 */
export function route(m) {
  const words = [];
  if (m.delivered_via === 'push') {
    words.push('pushed');
  } else if (m.delivered_via === 'poll') {
    words.push('polled');
  } else if (m.delivered_via === 'socket') {
    words.push('via socket');
  }
  if (m.seen_at) {
    words.push('seen');
  }
  if (m.status === 'read') {
    words.push('read');
  } else if (m.status === 'queued' && words.length === 0) {
    words.push('queued');
  }
  if (m.redelivered) {
    words.push('redelivered');
  }
  return words.join(', ') || m.status;
}

export class Timeline {
  /** onReply(message): the user asked to answer this message. */
  constructor(container, onReply) {
    this.container = container;
    this.onReply = onReply;
    this.threads = new Map();
    this.messages = new Map();
  }

  add(m) {
    if (this.messages.has(m.id)) {
      return;
    }
    let thread = this.threads.get(m.thread_id);
    if (!thread) {
      const title = m.subject || m.text.split('\n')[0].slice(0, 60);
      thread = el('section', { class: 'thread', 'aria-label': `Thread: ${title}` }, el('h3', {}, title));
      this.threads.set(m.thread_id, thread);
      while (this.threads.size > MAX_THREADS) {
        const [oldId, old] = this.threads.entries().next().value;
        old.remove();
        this.threads.delete(oldId);
      }
    }
    const routeEl = el('span', { class: 'route' }, route(m));
    const reply = el('button', { type: 'button', class: 'small', 'aria-label': `Reply to ${m.from_name}` }, 'Reply');
    reply.addEventListener('click', () => this.onReply(m));
    const item = el('article', { class: 'message', 'data-message-id': m.id },
      el('header', {},
        el('span', { class: 'who' }, `${m.from_name} → ${m.to_name}`),
        el('time', { datetime: m.created_at }, shortTime(m.created_at)),
        routeEl, reply),
      el('p', { class: 'text' }, m.text));
    thread.append(item);
    this.messages.set(m.id, { routeEl, message: { ...m } });
    // The busiest thread comes to the bottom, next to the compose box.
    this.container.append(thread);
    this.container.scrollTop = this.container.scrollHeight;
  }

  delivery(d) {
    const known = this.messages.get(d.message_id);
    // Read is final: a delivery event older than the history's answer must not take it back.
    if (!known) {
      return;
    }
    const m = known.message;
    if (m.status !== 'read') {
      m.status = d.status;
      m.delivered_via = d.delivered_via;
    }
    if (d.seen) {
      m.seen_at = d.seen_at;
    }
    if (d.redelivered) {
      m.redelivered = true;
    }
    known.routeEl.textContent = route(m);
  }

  alert(a) {
    const thread = this.threads.get(a.thread_id);
    thread?.append(el('p', { class: 'alert-line', role: 'note' }, `${a.code}: ${a.message}`));
  }
}
