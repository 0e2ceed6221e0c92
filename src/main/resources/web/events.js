// The hub's event stream (SSE, /api/v1/events) as an EventTarget: 'message', 'delivery', 'pane', 'alert', 'approval' carry
// the parsed JSON as `detail`; 'open' and 'down' say whether the stream is connected. EventSource reconnects by
// itself and sends Last-Event-ID when the hub gave ids.

const KINDS = ['message', 'delivery', 'pane', 'alert', 'approval', 'room'];

export class HubEvents extends EventTarget {
  constructor(url = '/api/v1/events') {
    super();
    this.url = url;
  }

  /** Opens the stream (once): the page does so after its first grid, which it wants first. */
  connect() {
    if (this.source) {
      return;
    }
    this.source = new EventSource(this.url);
    this.source.addEventListener('open', () => this.dispatchEvent(new Event('open')));
    this.source.addEventListener('error', () => this.dispatchEvent(new Event('down')));
    for (const kind of KINDS) {
      this.source.addEventListener(kind, e => {
        let data;
        try {
          data = JSON.parse(e.data);
        } catch {
          return; // not ours to show
        }
        this.dispatchEvent(new CustomEvent(kind, { detail: data }));
      });
    }
  }

  close() {
    this.source?.close();
  }
}
