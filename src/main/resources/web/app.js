// The workstation page: wires the views to the hub. Each view lives in its own module.
import { api } from './api.js';
import { firstPanes } from './early.js';
import { el } from './dom.js';
import { HubEvents } from './events.js';
import { PaneGrid } from './panes.js';
import { Timeline } from './timeline.js';
import { Compose } from './compose.js';
import { SpawnDialog } from './spawn.js';
import { Approvals } from './approvals.js';
import { Inbox } from './inbox.js';
import { installShortcuts } from './keys.js';
import { Rooms } from './rooms.js';

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
const approvals = new Approvals(document.getElementById('approvals'));
const inbox = new Inbox(document.getElementById('inbox-dialog'), document.getElementById('open-inbox'),
  m => compose.reply(m));
const spawn = new SpawnDialog(document.getElementById('spawn-dialog'), pane => {
  grid.focusWhenShown(pane.id);
  refreshPanes();
});
const help = document.getElementById('help-dialog');

document.getElementById('open-spawn').addEventListener('click', () => spawn.open());
document.getElementById('open-help').addEventListener('click', () => help.showModal());
installShortcuts({ grid, compose, spawn, help, inbox });

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
    const listing = refreshed ? api.panes() : firstPanes;
    refreshed = true;
    try {
      const panes = await listing;
      performance.mark('mosaic:panes-listed'); // bench/workstation.sh reports where the time to the grid goes
      grid.show(panes);
      performance.mark('mosaic:grid-shown');
    } catch (e) {
      if (e.status === 401) {
        location.reload(); // the hub restarted: its sessions are gone; the page says how to log in again
        return;
      }
      connection.textContent = `hub: ${e.message}`;
    }
    // The stream, the history and the approvals wait for the first grid: they do not compete with it. Opening the
    // stream lists the panes again, so nothing that changed in between is missed.
    events.connect();
  }, refreshed ? 50 : 0);
}

/** How many of the newest messages the timeline shows from before the page opened. */
const HISTORY = 200;

// Messages and deliveries that come while the history is on its way wait for it, so the timeline stays in order;
// null once the history is shown.
let backlog = [];
let historyAsked = false;

function messageEvent(m) {
  timeline.add(m);
  inbox.add(m);
  grid.message(m);
}

function deliveryEvent(d) {
  timeline.delivery(d);
  inbox.delivery(d);
}

/**
 * The history, asked for once the stream is open: the hub subscribed this page before it answered, so a message
 * the history misses comes on the stream, and one that comes both ways is shown once (by id).
 */
async function loadHistory() {
  try {
    const [recent, unread] = await Promise.all([api.recentMessages(HISTORY), api.peekInbox('operator')]);
    recent.forEach(messageEvent);
    unread.forEach(m => inbox.add(m));
  } catch (e) {
    showAlert('history_unavailable', `the messages from before this page opened could not be read: ${e.message}`);
  }
  const waiting = backlog;
  backlog = null;
  for (const [kind, detail] of waiting) {
    (kind === 'message' ? messageEvent : deliveryEvent)(detail);
  }
}

async function loadApprovals() {
  try {
    approvals.load(await api.approvals());
  } catch (e) {
    showAlert('approvals_unavailable', e.message);
  }
}

const events = new HubEvents();
events.addEventListener('open', () => {
  connection.textContent = 'live';
  connection.dataset.state = 'live';
  refreshPanes();
  if (!historyAsked) {
    historyAsked = true;
    loadHistory();
  }
  loadApprovals();
});
events.addEventListener('down', () => {
  connection.textContent = 'reconnecting…';
  connection.dataset.state = 'down';
});
events.addEventListener('message', e => {
  if (backlog) {
    backlog.push(['message', e.detail]);
  } else {
    messageEvent(e.detail);
  }
  refreshPanes();
});
events.addEventListener('delivery', e => {
  if (backlog) {
    backlog.push(['delivery', e.detail]);
  } else {
    deliveryEvent(e.detail);
  }
  refreshPanes();
});
events.addEventListener('approval', e => approvals.event(e.detail));
const rooms = new Rooms(document.getElementById('rooms'));
events.addEventListener('open', () => rooms.load().catch(e => showAlert('rooms_unavailable', e.message)));
events.addEventListener('room', e => rooms.event(e.detail));
events.addEventListener('pane', e => grid.upsert(e.detail));
events.addEventListener('alert', e => {
  showAlert(e.detail.code, e.detail.message);
  timeline.alert(e.detail);
});

refreshPanes();
