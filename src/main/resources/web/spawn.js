// The spawn dialog: a shell or a Claude Code agent in a new pane.
import { api } from './api.js';

/** Claude Code with the Mosaic channel (DESIGN.md §8); the hub answers its development-channels warning. */
const CLAUDE = ['claude', '--dangerously-load-development-channels', 'server:mosaic-channel'];

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
    const body = { name: f.name.value.trim(), command: claude ? [...CLAUDE, ...typed] : (typed.length ? typed : ['bash']) };
    if (f.cwd.value.trim()) {
      body.cwd = f.cwd.value.trim();
    }
    if (claude) {
      body.auto_confirm = 'dev_channels_warning';
    }
    try {
      const pane = await api.spawn(body);
      this.dialog.close();
      this.form.reset();
      this.onSpawned(pane);
    } catch (e) {
      this.error.textContent = e.message;
    }
  }
}
