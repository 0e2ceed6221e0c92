// The hub's HTTP API as the logged-in operator: the session cookie goes with every same-origin request.

/** An error answer of the API: its sentence and stable code (DESIGN.md §3). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) {
    throw new ApiError(res.status, json?.code ?? 'unknown', json?.error ?? `${method} ${path}: ${res.status}`);
  }
  return json;
}

export const api = {
  // All of them: a stopped pane whose tile is open must learn that it was stopped.
  panes: () => call('GET', '/api/v1/panes?all=true').then(j => j.panes),
  pane: id => call('GET', `/api/v1/panes/${encodeURIComponent(id)}`),
  spawn: body => call('POST', '/api/v1/panes', body),
  stop: id => call('DELETE', `/api/v1/panes/${encodeURIComponent(id)}`),
  send: body => call('POST', '/api/v1/messages', body),
  thread: id => call('GET', `/api/v1/threads/${encodeURIComponent(id)}`).then(j => j.messages),
  approvals: () => call('GET', '/api/v1/approvals?status=pending').then(j => j.approvals),
  answerApproval: (id, behavior) => call('POST', `/api/v1/approvals/${encodeURIComponent(id)}`, { behavior }),
  /** The newest messages of every pane and the operator, oldest first. */
  recentMessages: limit => call('GET', `/api/v1/messages?limit=${limit}`).then(j => j.messages),
  /** The operator's unread messages, marked read (one request, however many). */
  takeOperatorInbox: () => call('GET', '/api/v1/panes/operator/inbox').then(j => j.messages),
  rooms: () => call('GET', '/api/v1/rooms').then(j => j.rooms),
  room: id => call('GET', `/api/v1/rooms/${encodeURIComponent(id)}`),
  peekInbox: id => call('GET', `/api/v1/panes/${encodeURIComponent(id)}/inbox?peek=true`).then(j => j.messages),
};

/** The terminal WebSocket's address for a pane (same origin; the cookie authenticates the upgrade). */
export function terminalUrl(paneId) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/v1/panes/${encodeURIComponent(paneId)}/terminal`;
}
