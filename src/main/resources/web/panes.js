// The grid of panes: one tile (a region named after the pane) each, with its terminal when it was spawned, or
// its messages when it joined from outside.
import { el } from './dom.js';
import { TerminalView } from './terminal.js';

/** How many messages a joined pane's tile keeps on screen. */
const TILE_MESSAGES = 50;

/** The agent states worth showing (DESIGN.md §10), in words; `unknown` shows nothing. */
const AGENT_STATES = { working: 'working', idle: 'idle', needs_approval: 'needs approval' };

class Tile {
  constructor(pane, actions) {
    this.id = pane.id;
    this.kind = pane.kind;
    this.name = el('h2', { class: 'name' });
    this.status = el('span', { class: 'status' });
    this.agent = el('span', { class: 'agent', role: 'status' });
    this.lead = el('span', { class: 'lead' });
    this.badge = el('span', { class: 'badge' });
    this.unread = el('span', { class: 'unread' });
    this.notice = el('p', { class: 'notice', role: 'status' });
    this.notice.hidden = true;
    this.writeButton = el('button', { type: 'button', class: 'small' }, 'Message');
    this.writeButton.addEventListener('click', () => actions.compose(this.paneName));
    this.stopButton = el('button', { type: 'button', class: 'small' }, 'Stop');
    this.stopButton.addEventListener('click', () => actions.stop(this.id, this.paneName));
    this.body = el('div', { class: pane.kind === 'spawned' ? 'screen' : 'messages' });
    this.root = el('section', { class: 'tile', role: 'region', tabindex: '-1', 'data-pane-id': pane.id },
      el('header', {}, this.name, this.status, this.agent, this.lead, this.badge, this.unread, this.writeButton, this.stopButton),
      this.notice, this.body);
    this.update(pane);
  }

  /**
   * Starts the terminal once the tile is in the page (xterm.js measures its element). An exited pane's terminal
   * shows its last output and says it exited.
   */
  attached() {
    if (this.kind === 'spawned' && !this.terminal && this.paneStatus !== 'stopped') {
      this.terminal = new TerminalView(this.id, this.body, text => this.say(text));
    }
  }

  update(pane) {
    this.paneName = pane.name;
    this.paneStatus = pane.status;
    this.root.setAttribute('aria-label', pane.name);
    this.name.textContent = pane.name;
    this.status.textContent = pane.status;
    this.status.dataset.status = pane.status;
    const agent = AGENT_STATES[pane.agent_state];
    this.agent.hidden = !agent;
    this.agent.textContent = agent ?? '';
    this.agent.dataset.agent = agent ? pane.agent_state : '';
    this.agent.setAttribute('aria-label', agent ? `Agent: ${agent}` : 'Agent');
    // The pane its approvals are also sent to (DESIGN.md §10), when the operator named one.
    const lead = pane.lead?.name;
    this.lead.hidden = !lead;
    this.lead.textContent = lead ? `lead: ${lead}` : '';
    this.lead.setAttribute('aria-label', lead ? `Lead: ${lead}` : 'Lead');
    this.badge.textContent = pane.delivery;
    this.badge.dataset.delivery = pane.delivery;
    this.badge.title = { push: 'messages are pushed to its channel', poll: 'it polls its inbox',
      offline: 'not reachable' }[pane.delivery] ?? '';
    this.unread.textContent = String(pane.unread ?? 0);
    this.unread.setAttribute('aria-label', `Unread: ${pane.unread ?? 0}`);
    this.unread.dataset.count = String(pane.unread ?? 0);
    this.stopButton.hidden = pane.status === 'stopped';
    this.stopButton.setAttribute('aria-label', `Stop ${pane.name}`);
    this.writeButton.setAttribute('aria-label', `Message ${pane.name}`);
    if (pane.status === 'stopped') {
      this.say('this pane was stopped');
      this.terminal?.stopped();
    } else if (pane.status === 'exited' && pane.exit_code !== undefined && !this.notice.textContent) {
      this.say(`process exited with code ${pane.exit_code}`);
    }
  }

  say(text) {
    this.notice.textContent = text;
    this.notice.hidden = false;
  }

  /** A joined pane shows the messages it sent and received. */
  message(m) {
    if (this.kind === 'spawned') {
      return;
    }
    const line = el('p', { class: 'msg' },
      el('span', { class: 'who' }, m.from_id === this.id ? `→ ${m.to_name}` : `${m.from_name} →`), ' ',
      el('span', { class: 'text' }, m.text));
    this.body.append(line);
    while (this.body.childElementCount > TILE_MESSAGES) {
      this.body.firstElementChild.remove();
    }
    this.body.scrollTop = this.body.scrollHeight;
  }

  focus() {
    if (this.terminal) {
      this.terminal.focus();
    } else {
      this.root.focus();
    }
  }

  dispose() {
    this.terminal?.dispose();
    this.root.remove();
  }
}

export class PaneGrid {
  /** actions: {compose(name), stop(id, name)} */
  constructor(container, actions) {
    this.container = container;
    this.actions = actions;
    this.tiles = new Map();
    this.selected = -1;
    this.focusOnArrival = null;
  }

  /** The pane just spawned from this page: its terminal takes the keyboard as soon as its tile is there. */
  focusWhenShown(id) {
    this.focusOnArrival = id;
    this.arrived(this.tiles.get(id));
  }

  arrived(tile) {
    if (tile && tile.id === this.focusOnArrival) {
      this.focusOnArrival = null;
      tile.focus();
    }
  }

  /** Shows exactly these panes (a fresh listing), keeping the tiles that stay. */
  show(panes) {
    const ids = new Set(panes.map(p => p.id));
    for (const [id, tile] of this.tiles) {
      if (!ids.has(id)) {
        tile.dispose();
        this.tiles.delete(id);
      }
    }
    // Every tile first, then the terminals: each terminal measures the page as it opens, so opening them between
    // tiles would lay the page out again for every tile added after.
    const placed = panes.map(p => this.place(p)).filter(Boolean);
    performance.mark('mosaic:tiles-made'); // bench/workstation.sh: tiles apart from terminals
    placed.forEach(tile => {
      tile.attached();
      this.arrived(tile);
    });
    this.container.querySelector('.empty')?.toggleAttribute('hidden', this.tiles.size > 0);
  }

  upsert(pane) {
    const tile = this.place(pane);
    tile?.attached();
    this.arrived(tile);
  }

  /** The pane's tile, made or brought up to date; none for a stopped pane that has none. */
  place(pane) {
    let tile = this.tiles.get(pane.id);
    if (!tile && pane.status === 'stopped') {
      // A stopped pane gets no new tile; one already open stays, saying so (its terminal may be what the user
      // was watching) until the page reloads.
      return null;
    }
    if (tile) {
      tile.update(pane);
    } else {
      tile = new Tile(pane, this.actions);
      this.tiles.set(pane.id, tile);
      this.container.append(tile.root);
      this.container.querySelector('.empty')?.setAttribute('hidden', '');
    }
    return tile;
  }

  message(m) {
    this.tiles.get(m.to_id)?.message(m);
    if (m.from_id !== m.to_id) {
      this.tiles.get(m.from_id)?.message(m);
    }
  }

  /** Moves the selection by delta tiles and focuses that tile's frame. */
  move(delta) {
    const list = [...this.tiles.values()];
    if (list.length === 0) {
      return;
    }
    this.selected = (this.selected + delta + list.length) % list.length;
    list.forEach((t, i) => t.root.classList.toggle('selected', i === this.selected));
    list[this.selected].root.focus();
  }

  selectedTile() {
    return [...this.tiles.values()][this.selected];
  }
}
