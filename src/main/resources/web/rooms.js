// Rooms (DESIGN.md §11): each room with its policy, members, whose turn it is and, opened, its transcript. Kept up to
// date by `room` events (created, a post, the floor given, closed). Agent text goes in as textContent only.
import { api } from './api.js';
import { el, shortTime } from './dom.js';

export class Rooms {
  constructor(container) {
    this.container = container;
    this.list = el('ul', { class: 'room-list' });
    this.empty = el('p', { class: 'empty' }, 'No rooms yet: `mosaic room create NAME --members A,B`.');
    this.container.append(el('h2', {}, 'Rooms'), this.empty, this.list);
    this.items = new Map();
  }

  /** Lists every room anew (the stream opened, maybe after a reconnect). */
  async load() {
    const rooms = await api.rooms();
    rooms.forEach(r => this.event(r));
  }

  /** A `room` event, or a room from the listing: shows it as it is now, and its transcript if it is open. */
  event(room) {
    let item = this.items.get(room.id);
    if (!item) {
      item = this.item(room);
      this.items.set(room.id, item);
      this.list.prepend(item.li);
    }
    item.summary.textContent = summary(room);
    item.people.textContent = `Moderator: ${room.moderator.name}; members: ${room.members.map(m => m.name).join(', ')}`;
    item.li.dataset.status = room.status;
    this.empty.hidden = true;
    if (item.details.open) {
      this.transcript(room.id, item);
    }
  }

  item(room) {
    const summaryEl = el('summary');
    const people = el('p', { class: 'people' });
    const posts = el('ol', { class: 'transcript', 'aria-label': `Transcript of ${room.name}` });
    const details = el('details', {}, summaryEl, people, posts);
    const item = { li: el('li', { class: 'room', 'aria-label': `Room: ${room.name}` }, details), details,
      summary: summaryEl, people, posts };
    details.addEventListener('toggle', () => {
      if (details.open) {
        this.transcript(room.id, item);
      }
    });
    return item;
  }

  async transcript(roomId, item) {
    try {
      const room = await api.room(roomId);
      item.posts.replaceChildren(...room.posts.map(p => el('li', { class: 'post', value: p.turn },
        el('header', {}, el('span', { class: 'who' }, p.from_name), ' ',
          el('time', { datetime: p.created_at }, shortTime(p.created_at))),
        el('p', { class: 'text' }, p.text))));
      if (room.posts.length === 0) {
        item.posts.replaceChildren(el('li', { class: 'empty' }, 'No posts yet.'));
      }
    } catch (e) {
      item.posts.replaceChildren(el('li', { class: 'empty' }, `The transcript could not be read: ${e.message}`));
    }
  }
}

/** "debate · moderated · open · 3/10 turns · Bob's turn" */
function summary(room) {
  const parts = [room.name, room.policy, room.status, `${room.turns_used}/${room.max_turns} turns`];
  if (room.whose_turn) {
    parts.push(`${room.whose_turn.name}'s turn`);
  }
  return parts.join(' · ');
}
