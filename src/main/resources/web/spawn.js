// The spawn dialog: a shell or a Claude Code agent in a new pane. For Claude Code the hub makes the command (its own
// binary, the channel, the worktree) and answers the development-channels warning: the page names only the agent.
import { api } from './api.js';

export class SpawnDialog {
  /** onSpawned(pane): the hub made it. */
  constructor(dialog, onSpawned) {
    this.dialog = dialog;
    this.form = dialog.querySelector('form');
    this.error = dialog.querySelector('.error');
    this.onSpawned = onSpawned;
    this.form.addEventListener('submit', e => {
      e.preventDefault();
      this.spawn();
    });
    this.form.querySelector('.cancel').addEventListener('click', () => dialog.close());
    this.worktreeRow = dialog.querySelector('#spawn-worktree-row');
    for (const radio of this.form.elements.kind) {
      radio.addEventListener('change', () => this.kindChanged());
    }
  }

  /** Only Claude Code takes a worktree (the hub makes its command). */
  kindChanged() {
    const claude = this.form.elements.kind.value === 'claude';
    this.worktreeRow.hidden = !claude;
    if (!claude) {
      this.form.elements.worktree.checked = false;
    }
  }

  open() {
    this.error.textContent = '';
    this.dialog.showModal();
    this.form.elements.name.focus();
  }

  async spawn() {
    const f = this.form.elements;
    const claude = f.kind.value === 'claude';
    const typed = f.command.value.trim().split(/\s+/).filter(Boolean);
    const body = { name: f.name.value.trim() };
    if (claude) {
      body.agent = 'claude';
      body.args = typed;
      body.worktree = f.worktree.checked;
    } else {
      body.command = typed.length ? typed : ['bash'];
    }
    if (f.cwd.value.trim()) {
      body.cwd = f.cwd.value.trim();
    }
    try {
      const pane = await api.spawn(body);
      this.dialog.close();
      this.form.reset();
      this.kindChanged();
      this.onSpawned(pane);
    } catch (e) {
      this.error.textContent = e.message;
    }
  }
}
