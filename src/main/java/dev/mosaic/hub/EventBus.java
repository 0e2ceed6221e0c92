package dev.mosaic.hub;

import dev.mosaic.model.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fans hub events out to live subscribers (the SSE stream). Publishing only enqueues, so a slow reader never
 * slows a send; each subscriber drains its own queue on a virtual thread and is dropped (its stream closed) once
 * its backlog passes a byte bound. Every event gets an id, {@code <boot>-<n>}; the last events, up to a byte bound,
 * are kept so a client that reconnects with {@code Last-Event-ID} gets what it missed. When they are no longer
 * kept (or the id is from an earlier run of the hub), the stream starts with an {@code alert} {@code events_missed}.
 */
final class EventBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    /** Per subscriber: a stalled `mosaic tail | less` costs at most this much (plus shared events). */
    static final long SUBSCRIBER_LIMIT_BYTES = 4L << 20;
    /** Replay ring; no larger than a subscriber's bound, so a full replay never drops the one it is for. */
    static final long REPLAY_LIMIT_BYTES = 4L << 20;

    /** One event: its id, SSE type and JSON data. */
    record Event(String id, String type, String json) {
        /** What it holds in memory, roughly: its text (compact strings) and a fixed overhead. */
        long bytes() {
            return json.length() + type.length() + id.length() + 64;
        }
    }

    /** Where a subscriber's events go, on the subscriber's own thread. */
    @FunctionalInterface
    interface Sink {
        void send(String id, String type, String json);
    }

    private final long subscriberLimit;
    private final long replayLimit;
    private final String boot;
    private final ReentrantLock lock = new ReentrantLock(); // held for list operations only, never across I/O
    private final ArrayDeque<Event> replay = new ArrayDeque<>(); // guarded by lock
    private long replayBytes; // guarded by lock
    private long last; // guarded by lock: the number of the newest event
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    EventBus() {
        this(SUBSCRIBER_LIMIT_BYTES, REPLAY_LIMIT_BYTES, Long.toString(System.currentTimeMillis(), 36));
    }

    /** @param boot names this run of the hub in event ids, so an id from an earlier run is never taken for ours */
    EventBus(long subscriberLimit, long replayLimit, String boot) {
        this.subscriberLimit = subscriberLimit;
        this.replayLimit = Math.min(replayLimit, subscriberLimit);
        this.boot = boot;
    }

    /** A live subscription; close it when the client goes away. */
    final class Subscriber implements AutoCloseable {
        private static final Event END = new Event("", "", "");
        private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        private final AtomicLong queuedBytes = new AtomicLong();
        private final Sink sink;
        private final Runnable onOverflow;
        private final Thread writer;
        private volatile boolean open = true;

        private Subscriber(Sink sink, Runnable onOverflow) {
            this.sink = sink;
            this.onOverflow = onOverflow;
            this.writer = Thread.ofVirtual().name("events-writer").unstarted(this::drain);
        }

        /** Enqueues the event; false when that would pass the byte bound (the caller then drops this one). */
        private boolean offer(Event e) {
            if (!open) {
                return true;
            }
            if (queuedBytes.addAndGet(e.bytes()) > subscriberLimit) {
                return false;
            }
            queue.add(e);
            return true;
        }

        private void drain() {
            try {
                while (open) {
                    Event e = queue.take();
                    if (e == END) {
                        return;
                    }
                    queuedBytes.addAndGet(-e.bytes());
                    sink.send(e.id(), e.type(), e.json());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.debug("event subscriber gone: {}", e.toString());
                close();
            }
        }

        private void overflow() {
            LOG.warn("an event subscriber fell more than {} bytes behind; closing its stream (it may reconnect "
                    + "with Last-Event-ID)", subscriberLimit);
            close();
            onOverflow.run();
        }

        @Override
        public void close() {
            open = false;
            subscribers.remove(this);
            queue.clear();
            queuedBytes.set(0);
            queue.add(END);
        }
    }

    /**
     * Subscribes; the sink is called on the subscriber's own thread, first with the events after
     * {@code lastEventId} (null: none) that are still kept, or an {@code events_missed} alert when they are not.
     */
    Subscriber subscribe(String lastEventId, Sink sink, Runnable onOverflow) {
        Subscriber s = new Subscriber(sink, onOverflow);
        lock.lock();
        try {
            if (lastEventId != null) {
                List<Event> missed = after(lastEventId);
                if (missed == null) {
                    s.offer(missedAlert());
                } else {
                    missed.forEach(s::offer);
                }
            }
            subscribers.add(s); // under the lock: no event falls between the replay and the live stream
        } finally {
            lock.unlock();
        }
        s.writer.start();
        return s;
    }

    /** The kept events after that id, or null when some of them are no longer kept (or it is not our id). */
    private List<Event> after(String lastEventId) {
        String prefix = boot + "-";
        long n;
        try {
            n = lastEventId.startsWith(prefix) ? Long.parseLong(lastEventId.substring(prefix.length())) : -1;
        } catch (NumberFormatException e) {
            n = -1;
        }
        long oldestKept = replay.isEmpty() ? last + 1 : number(replay.peekFirst());
        if (n < 0 || n > last || n + 1 < oldestKept) {
            return null;
        }
        List<Event> out = new ArrayList<>();
        for (Event e : replay) {
            if (number(e) > n) {
                out.add(e);
            }
        }
        return out;
    }

    private long number(Event e) {
        return Long.parseLong(e.id().substring(boot.length() + 1));
    }

    /** Carries the newest id, so a client that resumes from it later misses nothing more. */
    private Event missedAlert() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("code", "events_missed");
        a.put("message", "some events since this client last read are no longer kept (or the hub restarted); "
                + "re-read the state you need (panes, inbox, threads)");
        return new Event(boot + "-" + last, "alert", Json.MAPPER.writeValueAsString(a));
    }

    void publish(String type, String json) {
        List<Subscriber> overflowed = new ArrayList<>();
        lock.lock();
        try {
            Event e = new Event(boot + "-" + (++last), type, json);
            replay.addLast(e);
            replayBytes += e.bytes();
            while (replayBytes > replayLimit && replay.size() > 1) {
                replayBytes -= replay.removeFirst().bytes();
            }
            for (Subscriber s : subscribers) {
                if (!s.offer(e)) {
                    overflowed.add(s);
                }
            }
        } finally {
            lock.unlock();
        }
        overflowed.forEach(Subscriber::overflow); // outside the lock: closing a stream may block
    }

    /** Open subscriptions (event streams), for the metrics. */
    int subscriberCount() {
        return subscribers.size();
    }

    @Override
    public void close() {
        subscribers.forEach(Subscriber::close);
    }
}
