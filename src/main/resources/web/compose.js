// The compose box: sends as the operator to one pane, several (comma-separated) or everyone (*), or replies.
import { api } from './api.js';

export class Compose {
  constructor(form) {
    this.form = form;
    this.to = form.querySelector('#compose-to');
    this.text = form.querySelector('#compose-text');
    this.status = form.querySelector('#compose-status');
    this.replyBox = form.querySelector('#reply-to');
    this.replyTo = null;
    form.addEventListener('submit', e => {
      e.preventDefault();
      this.send();
    });
    form.querySelector('#reply-cancel').addEventListener('click', () => this.clearReply());
    this.text.addEventListener('keydown', e => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.send();
      }
    });
  }

  /** Starts a message to this pane (or list). */
  address(to) {
    this.clearReply();
    this.to.value = to ?? '';
    (to ? this.text : this.to).focus();
  }

  reply(m) {
    this.replyTo = m;
    this.replyBox.querySelector('span').textContent = `Replying to ${m.from_name}: “${m.text.slice(0, 60)}”`;
    this.replyBox.hidden = false;
    this.to.value = m.from_id === 'operator' ? m.to_name : m.from_name;
    this.text.focus();
  }

  clearReply() {
    this.replyTo = null;
    this.replyBox.hidden = true;
  }

  async send() {
    const text = this.text.value;
    const names = this.to.value.split(',').map(s => s.trim()).filter(Boolean);
    if (!text.trim()) {
      this.status.textContent = 'Write a message first.';
      return;
    }
    const body = { text };
    if (names.length === 1) {
      body.to = names[0];
    } else if (names.length > 1) {
      body.to = names;
    }
    if (this.replyTo) {
      body.reply_to = this.replyTo.id;
    } else if (names.length === 0) {
      this.status.textContent = 'Say who it is for: a name, several names with commas, or *.';
      return;
    }
    try {
      const answer = await api.send(body);
      this.status.textContent = `Sent to ${answer.messages.map(m => m.to_name).join(', ')}.`;
      this.text.value = '';
      this.clearReply();
    } catch (e) {
      this.status.textContent = e.message;
    }
  }
}
