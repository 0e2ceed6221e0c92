package dev.mosaic.hub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Fans hub events out to live subscribers (the SSE stream). Publishing only enqueues, so a slow browser never
 * slows a send; each subscriber drains its own bounded queue on a virtual thread and is dropped when it falls
 * too far behind.
 */
final class EventBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private static final int QUEUE_LIMIT = 10_000;

    /** One event: its SSE type and its JSON data. */
    record Event(String type, String json) {
    }

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    /** A live subscription; close it when the client goes away. */
    final class Subscriber implements AutoCloseable {
        private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE_LIMIT);
        private final BiConsumer<String, String> sink;
        private final Runnable onOverflow;
        private final Thread writer;
        private volatile boolean open = true;

        private Subscriber(BiConsumer<String, String> sink, Runnable onOverflow) {
            this.sink = sink;
            this.onOverflow = onOverflow;
            this.writer = Thread.ofVirtual().name("events-writer").unstarted(this::drain);
        }

        private void offer(Event e) {
            if (open && !queue.offer(e)) {
                LOG.warn("an event subscriber fell {} events behind; closing it", QUEUE_LIMIT);
                close();
                onOverflow.run();
            }
        }

        private void drain() {
            try {
                while (open) {
                    Event e = queue.take();
                    if (e.type() == null) {
                        return;
                    }
                    sink.accept(e.type(), e.json());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.debug("event subscriber gone: {}", e.toString());
                close();
            }
        }

        @Override
        public void close() {
            open = false;
            subscribers.remove(this);
            queue.clear();
            queue.offer(new Event(null, null));
        }
    }

    /** Subscribes; the sink is called with (type, json) on the subscriber's own thread. */
    Subscriber subscribe(BiConsumer<String, String> sink, Runnable onOverflow) {
        Subscriber s = new Subscriber(sink, onOverflow);
        subscribers.add(s);
        s.writer.start();
        return s;
    }

    void publish(String type, String json) {
        Event e = new Event(type, json);
        for (Subscriber s : subscribers) {
            s.offer(e);
        }
    }

    boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    @Override
    public void close() {
        subscribers.forEach(Subscriber::close);
    }
}
