package dev.mosaic.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Runs every write on one connection and commits the writes that queued up meanwhile together: one fsync for
 * many sends. A caller that finds no commit under way leads: it runs what is queued (its own write included) and
 * commits, round after round, until its own write is committed; then it steps down and a waiting caller takes
 * over. So a lone write runs on its caller's thread with no hand-off, and a caller is held only for the writes
 * that queued before it, never for later ones. Each write runs in its own savepoint, so a write that fails is
 * rolled back alone and the others still commit; every caller returns only after the commit that holds its write.
 */
final class GroupCommitter implements AutoCloseable {
    /** Enough to amortise an fsync; small enough that one batch never holds the write lock for long. */
    private static final int MAX_BATCH = 256;

    private record Pending<T>(Database.Work<T> work, CompletableFuture<T> done) {
    }

    private final Connection writer;
    private final Function<Exception, RuntimeException> translate;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a round completes, a leader steps down or a write leaves the queue. */
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>(); // guarded by lock; not yet taken by a leader
    private boolean leading; // guarded by lock: a caller is running rounds
    private boolean closed; // guarded by lock

    /** @param translate turns a database error into what the caller should see */
    GroupCommitter(Connection writer, Function<Exception, RuntimeException> translate) {
        this.writer = writer;
        this.translate = translate;
    }

    <T> T write(Database.Work<T> work) {
        Pending<T> p = new Pending<>(work, new CompletableFuture<>());
        boolean interrupted = false;
        lock.lock();
        try {
            if (closed) {
                throw new StoreUnavailableException("the store is closed", null);
            }
            queue.add(p);
            while (!p.done().isDone() && leading) {
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    if (queue.remove(p)) { // no leader took it, and none will: the caller may honestly give up
                        changed.signalAll();
                        Thread.currentThread().interrupt();
                        throw new StoreUnavailableException("interrupted while waiting for the database; nothing "
                                + "was written", e);
                    }
                    // A leader is running it: it may commit. Wait for the outcome (a round is short: a batch
                    // bounded by MAX_BATCH, each statement by the busy timeout) rather than tell a guess.
                    interrupted = true;
                }
            }
            if (!p.done().isDone()) {
                leading = true;
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (!p.done().isDone()) {
            lead(p);
        }
        return outcome(p);
    }

    private static <T> T outcome(Pending<T> p) {
        if (p.done().state() == java.util.concurrent.Future.State.SUCCESS) {
            return p.done().resultNow();
        }
        Throwable t = p.done().exceptionNow();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new StoreUnavailableException("the database failed: " + t, t);
    }

    /**
     * Commits rounds until the leader's own write is done, then steps down. The finally makes sure that whatever
     * happens (an Error included), every write taken from the queue gets an outcome and the lead is given up, so
     * no later write and no {@link #close} waits for ever.
     */
    private void lead(Pending<?> own) {
        List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (!own.done().isDone()) {
                lock.lock();
                try {
                    while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
                        batch.add(queue.poll());
                    }
                } finally {
                    lock.unlock();
                }
                commit(batch);
                batch.clear();
                lock.lock();
                try {
                    changed.signalAll(); // the callers whose writes were in this round
                } finally {
                    lock.unlock();
                }
            }
        } finally {
            if (batch.stream().anyMatch(p -> !p.done().isDone())) {
                rollback();
                StoreUnavailableException failed = new StoreUnavailableException(
                        "the database write failed unexpectedly; nothing was written", null);
                batch.forEach(p -> p.done().completeExceptionally(failed));
            }
            lock.lock();
            try {
                leading = false;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void commit(List<Pending<?>> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        List<Throwable> errors = new ArrayList<>(batch.size());
        for (Pending<?> p : batch) {
            Object result = null;
            Throwable error = null;
            try {
                Savepoint sp = writer.setSavepoint();
                try {
                    result = p.work().run(writer);
                    writer.releaseSavepoint(sp);
                } catch (SQLException | RuntimeException e) {
                    writer.rollback(sp);
                    error = translate.apply(e);
                } catch (Error e) {
                    writer.rollback(sp); // its caller gets the Error; the other writes of the round go on
                    error = e;
                }
            } catch (SQLException | RuntimeException e) {
                error = translate.apply(e); // the savepoint itself failed: nothing of this write is kept
            }
            results.add(result);
            errors.add(error);
        }
        try {
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            rollback();
            RuntimeException failed = translate.apply(e);
            batch.forEach(p -> p.done().completeExceptionally(failed));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i), errors.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> p, Object result, Throwable error) {
        if (error != null) {
            p.done().completeExceptionally(error);
        } else {
            p.done().complete((T) result);
        }
    }

    private void rollback() {
        try {
            writer.rollback();
        } catch (SQLException ignored) {
            // the commit's error says why; the connection starts a fresh transaction next time
        }
    }

    /** Refuses new writes and waits for the writes already queued; the caller closes the connection afterwards. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            while (leading || !queue.isEmpty()) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }
}
