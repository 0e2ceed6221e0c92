// The timeline: the recent history, then messages as the event stream brings them, grouped by thread, each with its
// route (queued, pushed, polled, read, redelivered) kept up to date by delivery events. A message is shown once,
// however often it is told (history and stream overlap).
import { el, shortTime } from './dom.js';

/** Threads kept on screen; the oldest go first. */
const MAX_THREADS = 200;

/** How a message got (or did not yet get) to its recipient, in words. */
export function route(status, via, redelivered) {
  const words = [];
  if (via === 'push') {
    words.push('pushed');
  } else if (via === 'poll') {
    words.push('polled');
  }
  if (status === 'read') {
    words.push('read');
  } else if (status === 'queued' && words.length === 0) {
    words.push('queued');
  } else if (status === 'seen') {
    words.push('seen');
  }
  if (redelivered) {
    words.push('redelivered');
  }
  return words.join(', ') || status;
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
    const routeEl = el('span', { class: 'route' }, route(m.status, m.delivered_via, m.redelivered));
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
    if (known && known.message.status !== 'read') {
      known.message.status = d.status;
      known.routeEl.textContent = route(d.status, d.delivered_via, known.message.redelivered);
    }
  }

  alert(a) {
    const thread = this.threads.get(a.thread_id);
    thread?.append(el('p', { class: 'alert-line', role: 'note' }, `${a.code}: ${a.message}`));
  }
}
