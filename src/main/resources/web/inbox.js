// The operator's inbox: messages the panes sent to the operator (their replies), with an unread count on the
// header's button. Opening it reads them all at the hub (one request; delivery events follow).
import { api } from './api.js';
import { el, shortTime } from './dom.js';

/** Messages kept in the inbox; the oldest go first. */
const MAX_MESSAGES = 200;
/** The most one inbox request answers (DESIGN.md §3): a full page means there may be more. */
const INBOX_PAGE = 100;

export class Inbox {
  /** dialog: the inbox dialog; button: the header's button that opens it; onReply(message). */
  constructor(dialog, button, onReply) {
    this.dialog = dialog;
    this.button = button;
    this.onReply = onReply;
    this.list = dialog.querySelector('.inbox-list');
    this.empty = dialog.querySelector('.empty');
    this.count = button.querySelector('.count');
    this.messages = new Map(); // id → {message, item}
    button.addEventListener('click', () => this.open());
    this.counted();
  }

  /** A message to the operator (from the history, the unread listing or the stream); others are not ours. */
  add(m) {
    if (m.to_id !== 'operator') {
      return;
    }
    const known = this.messages.get(m.id);
    if (known) {
      this.status(m.id, m.status);
      return;
    }
    const reply = el('button', { type: 'button', class: 'small', 'aria-label': `Reply to ${m.from_name}` }, 'Reply');
    reply.addEventListener('click', () => {
      this.dialog.close();
      this.onReply(m);
    });
    const item = el('li', { class: 'inbox-message', 'data-message-id': m.id },
      el('header', {},
        el('span', { class: 'who' }, m.from_name),
        el('time', { datetime: m.created_at }, shortTime(m.created_at)), reply),
      m.subject ? el('p', { class: 'subject' }, m.subject) : '',
      el('p', { class: 'text' }, m.text));
    this.messages.set(m.id, { message: { ...m }, item });
    this.status(m.id, m.status);
    this.list.prepend(item); // newest on top
    while (this.messages.size > MAX_MESSAGES) {
      const [oldId, old] = this.messages.entries().next().value;
      old.item.remove();
      this.messages.delete(oldId);
    }
    this.counted();
    if (this.dialog.open) {
      this.readAll();
    }
  }

  /** A delivery event: a message to the operator was read (here, or in another page). */
  delivery(d) {
    if (this.messages.has(d.message_id)) {
      this.status(d.message_id, d.status);
      this.counted();
    }
  }

  status(id, status) {
    const known = this.messages.get(id);
    if (known.message.status === 'read') {
      return; // read is final; an older event says nothing new
    }
    known.message.status = status;
    known.item.classList.toggle('unread', status !== 'read');
  }

  unread() {
    return [...this.messages.values()].filter(k => k.message.status !== 'read').length;
  }

  counted() {
    const n = this.unread();
    this.count.textContent = String(n);
    this.count.dataset.count = String(n);
    this.button.setAttribute('aria-label', `Inbox: ${n} unread`);
    this.empty.hidden = this.messages.size > 0;
  }

  open() {
    if (!this.dialog.open) {
      this.dialog.showModal();
    }
    this.readAll();
  }

  /** Reads every unread message at the hub; what it answers is read now, whatever events may still come. */
  async readAll() {
    if (this.reading || this.unread() === 0) {
      return;
    }
    this.reading = true;
    try {
      let taken;
      do {
        taken = await api.takeOperatorInbox();
        for (const m of taken) {
          this.add(m);
          this.status(m.id, 'read');
        }
      } while (taken.length >= INBOX_PAGE);
      this.counted();
    } catch {
      // the count stays; the next open tries again
    } finally {
      this.reading = false;
    }
  }
}
