// The approvals waiting (DESIGN.md §10): what each pane's agent asks to do, with Allow and Deny. Kept up to date by
// `approval` events; an approval that is no longer pending leaves the list.
import { api } from './api.js';
import { el, shortTime } from './dom.js';

export class Approvals {
  /** container: the region; onCount(n): how many wait now. */
  constructor(container, onCount = () => {}) {
    this.container = container;
    this.onCount = onCount;
    this.list = el('ul', { class: 'approval-list' });
    this.empty = el('p', { class: 'empty' }, 'No approvals waiting.');
    this.note = el('p', { class: 'approval-note', role: 'status' });
    this.container.append(el('h2', {}, 'Approvals'), this.note, this.empty, this.list);
    this.items = new Map();
    // Approvals answered while a listing was on its way: the listing must not bring them back.
    this.closed = new Set();
  }

  /**
   * A listing of the pending approvals. It removes nothing: an approval asked for after the listing was made comes
   * as an event that may arrive first, and one answered meanwhile comes as an event too (replayed after a reconnect).
   */
  load(pending) {
    for (const a of pending) {
      if (!this.closed.has(a.id) && !this.items.has(a.id)) {
        this.upsert(a);
      }
    }
    this.counted();
  }

  /** An `approval` event: asked for, or answered (in the terminal, or here). */
  event(a) {
    if (a.status === 'pending') {
      this.upsert(a);
    } else {
      this.closed.add(a.id);
      this.remove(a.id);
    }
    this.counted();
  }

  /**
   * Shows the approval, or updates the one shown (the relay may tell of one its hook recorded: now it can be answered).
   * An update changes the words in place and keeps the buttons, so a button the user is on keeps the focus and a
   * click on it still counts: a relayed prompt's hook and relay arrive within moments of each other.
   */
  upsert(a) {
    let shown = this.items.get(a.id);
    if (!shown) {
      const allow = el('button', { type: 'button', class: 'small allow' }, 'Allow');
      const deny = el('button', { type: 'button', class: 'small deny' }, 'Deny');
      shown = { allow, deny, about: el('div', { class: 'about' }), approval: a };
      allow.addEventListener('click', () => this.answer(shown.approval, 'allow', [allow, deny]));
      deny.addEventListener('click', () => this.answer(shown.approval, 'deny', [allow, deny]));
      shown.item = el('li', { class: 'approval', 'data-approval-id': a.id }, shown.about,
        el('div', { class: 'row' }, allow, deny));
      this.list.append(shown.item);
      this.items.set(a.id, shown);
    }
    shown.approval = a;
    const what = `${a.tool_name} for ${a.pane_name}`;
    shown.item.setAttribute('aria-label', `Approval: ${what}`);
    shown.allow.setAttribute('aria-label', `Allow ${what}`);
    shown.deny.setAttribute('aria-label', `Deny ${what}`);
    shown.about.replaceChildren(
      el('header', {},
        el('span', { class: 'who' }, a.pane_name), ' ',
        el('span', { class: 'tool' }, a.tool_name),
        el('time', { datetime: a.created_at }, shortTime(a.created_at))),
      a.description ? el('p', { class: 'description' }, a.description) : '',
      a.input_preview ? el('pre', { class: 'preview' }, a.input_preview) : '',
      a.relayed === false
        ? el('p', { class: 'hint' }, 'Not relayed (yet): it may have to be answered in its terminal.') : '');
  }

  remove(id) {
    this.items.get(id)?.item.remove();
    this.items.delete(id);
  }

  counted() {
    this.empty.hidden = this.items.size > 0;
    this.onCount(this.items.size);
  }

  async answer(a, behavior, buttons) {
    buttons.forEach(b => { b.disabled = true; });
    try {
      await api.answerApproval(a.id, behavior);
      this.note.textContent = `${behavior === 'allow' ? 'Allowed' : 'Denied'} ${a.tool_name} for ${a.pane_name}.`;
      this.closed.add(a.id);
      this.remove(a.id);
      this.counted();
    } catch (e) {
      if (e.code === 'already_answered') {
        this.note.textContent = `${a.tool_name} for ${a.pane_name} was already answered.`;
        this.closed.add(a.id);
        this.remove(a.id);
        this.counted();
      } else {
        this.note.textContent = `${a.tool_name} for ${a.pane_name}: ${e.message}`;
        buttons.forEach(b => { b.disabled = false; });
      }
    }
  }
}
