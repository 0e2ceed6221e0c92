// One pane's live terminal: xterm.js on the terminal WebSocket (DESIGN.md §8). Binary frames carry the pty's
// bytes both ways; text frames carry JSON control (resize out; exit and error in).
import { Terminal } from '/vendor/xterm-6.0.0/lib/xterm.mjs';
import { FitAddon } from '/vendor/addon-fit-0.11.0/lib/addon-fit.mjs';
import { terminalUrl } from './api.js';

/** Bytes handed to xterm.js but not yet parsed; past this the view drops its backlog and reconnects. */
const MAX_PENDING = 8 * 1024 * 1024;

export class TerminalView extends EventTarget {
  /** container: the element to draw in; onNotice(text): a line for the tile when the pane exits or refuses. */
  constructor(paneId, container, onNotice) {
    super();
    this.paneId = paneId;
    this.onNotice = onNotice;
    this.pending = 0;
    this.closed = false;
    this.exited = false;
    this.term = new Terminal({ fontSize: 13, scrollback: 5000, cursorBlink: true,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace' });
    this.fit = new FitAddon();
    this.term.loadAddon(this.fit);
    this.term.open(container);
    this.encoder = new TextEncoder();
    this.term.onData(data => this.sendBytes(this.encoder.encode(data)));
    this.term.onBinary(data => this.sendBytes(Uint8Array.from(data, c => c.charCodeAt(0) & 0xff)));
    this.term.onResize(({ cols, rows }) => this.sendControl({ type: 'resize', cols, rows }));
    // fit() measures nothing until the element has a size: the observer calls it whenever the tile changes.
    this.resizer = new ResizeObserver(() => this.refit());
    this.resizer.observe(container);
    this.connect();
  }

  connect() {
    const ws = new WebSocket(terminalUrl(this.paneId));
    ws.binaryType = 'arraybuffer';
    ws.addEventListener('open', () => {
      this.refit();
      this.sendControl({ type: 'resize', cols: this.term.cols, rows: this.term.rows });
    });
    ws.addEventListener('message', e => this.received(e.data));
    ws.addEventListener('close', e => {
      if (this.ws === ws && !this.closed && !this.exited) {
        this.onNotice(e.code === 1000 && e.reason ? `terminal closed: ${e.reason}` : 'terminal disconnected');
      }
    });
    this.ws = ws;
  }

  received(data) {
    if (typeof data !== 'string') {
      const bytes = new Uint8Array(data);
      this.pending += bytes.length;
      this.term.write(bytes, () => { this.pending -= bytes.length; });
      if (this.pending > MAX_PENDING) {
        this.catchUp();
      }
      return;
    }
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    if (msg.type === 'exit') {
      this.exited = true;
      this.onNotice(`process exited with code ${msg.code}`);
      this.dispatchEvent(new CustomEvent('exit', { detail: msg.code }));
    } else if (msg.type === 'error') {
      this.onNotice(msg.error ?? msg.code);
    }
  }

  /** The browser cannot keep up: start again from the hub's scrollback rather than buffer without end. */
  catchUp() {
    const old = this.ws;
    this.ws = null;
    old.close();
    this.pending = 0;
    this.term.reset();
    this.connect();
  }

  refit() {
    if (this.closed) {
      return;
    }
    try {
      this.fit.fit();
    } catch {
      // not measurable yet (hidden tile); the observer calls again
    }
  }

  sendBytes(bytes) {
    if (this.ws?.readyState === WebSocket.OPEN) {
      this.ws.send(bytes);
    }
  }

  sendControl(obj) {
    if (this.ws?.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(obj));
    }
  }

  focus() {
    this.term.focus();
  }

  /** The pane was stopped: keep what is on screen, stop talking. */
  stopped() {
    this.exited = true;
    this.ws?.close();
  }

  dispose() {
    this.closed = true;
    this.resizer.disconnect();
    this.ws?.close();
    this.term.dispose();
  }
}
