// The workstation page: wires the views to the hub. Each view lives in its own module.
import { api } from './api.js';
import { el } from './dom.js';
import { HubEvents } from './events.js';
import { PaneGrid } from './panes.js';
import { Timeline } from './timeline.js';
import { Compose } from './compose.js';
import { SpawnDialog } from './spawn.js';
import { installShortcuts } from './keys.js';

const connection = document.getElementById('connection');
const alerts = document.getElementById('alerts');
const compose = new Compose(document.getElementById('compose'));
const grid = new PaneGrid(document.getElementById('panes'), {
  compose: name => compose.address(name),
  stop: async (id, name) => {
    if (confirm(`Stop ${name}? Its process is ended; its messages stay.`)) {
      await api.stop(id).catch(e => showAlert('stop_failed', e.message));
      refreshPanes();
    }
  },
});
const timeline = new Timeline(document.getElementById('timeline'), m => compose.reply(m));
const spawn = new SpawnDialog(document.getElementById('spawn-dialog'), () => refreshPanes());
const help = document.getElementById('help-dialog');

document.getElementById('open-spawn').addEventListener('click', () => spawn.open());
document.getElementById('open-help').addEventListener('click', () => help.showModal());
installShortcuts({ grid, compose, spawn, help });

function showAlert(code, message) {
  const dismiss = el('button', { type: 'button', class: 'small' }, 'Dismiss');
  const box = el('p', { class: 'alert', role: 'alert' }, el('strong', {}, code), ' ', message, ' ', dismiss);
  dismiss.addEventListener('click', () => box.remove());
  alerts.append(box);
}

// Unread counts change with every message and delivery; one listing answers a burst of them. The first
// listing goes at once.
let refreshTimer = null;
let refreshed = false;
function refreshPanes() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    refreshed = true;
    try {
      grid.show(await api.panes());
    } catch (e) {
      if (e.status === 401) {
        location.reload(); // the hub restarted: its sessions are gone; the page says how to log in again
        return;
      }
      connection.textContent = `hub: ${e.message}`;
    }
  }, refreshed ? 50 : 0);
}

const events = new HubEvents();
events.addEventListener('open', () => {
  connection.textContent = 'live';
  connection.dataset.state = 'live';
  refreshPanes();
});
events.addEventListener('down', () => {
  connection.textContent = 'reconnecting…';
  connection.dataset.state = 'down';
});
events.addEventListener('message', e => {
  timeline.add(e.detail);
  grid.message(e.detail);
  refreshPanes();
});
events.addEventListener('delivery', e => {
  timeline.delivery(e.detail);
  refreshPanes();
});
events.addEventListener('pane', e => grid.upsert(e.detail));
events.addEventListener('alert', e => {
  showAlert(e.detail.code, e.detail.message);
  timeline.alert(e.detail);
});

refreshPanes();
