package dev.mosaic.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Runs every write on one connection and commits the writes that queued up meanwhile together: one fsync for
 * many sends. The first caller to find no commit under way leads: it runs what is queued (its own write
 * included) and commits, again and again until the queue is empty, so a lone write runs on its caller's thread
 * with no hand-off. Each write runs in its own savepoint, so a write that fails is rolled back alone and the others
 * still commit; every caller returns only after the commit that holds its write.
 */
final class GroupCommitter implements AutoCloseable {
    /** Enough to amortise an fsync; small enough that one batch never holds the write lock for long. */
    private static final int MAX_BATCH = 256;

    private record Pending<T>(Database.Work<T> work, CompletableFuture<T> done) {
    }

    private final Connection writer;
    private final Function<Exception, RuntimeException> translate;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>(); // guarded by lock
    private boolean leading; // guarded by lock: a caller is running batches
    private boolean closed; // guarded by lock

    /** @param translate turns a database error into what the caller should see */
    GroupCommitter(Connection writer, Function<Exception, RuntimeException> translate) {
        this.writer = writer;
        this.translate = translate;
    }

    <T> T write(Database.Work<T> work) {
        Pending<T> p = new Pending<>(work, new CompletableFuture<>());
        boolean lead;
        lock.lock();
        try {
            if (closed) {
                throw new StoreUnavailableException("the store is closed", null);
            }
            queue.add(p);
            lead = !leading;
            leading = true;
        } finally {
            lock.unlock();
        }
        if (lead) {
            lead();
        }
        try {
            return p.done().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new StoreUnavailableException(
                    "the database failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            // The write may still commit; the caller is going away and will not learn of it.
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the database", e);
        }
    }

    /** Commits batches until nothing is queued, then steps down. */
    private void lead() {
        List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            lock.lock();
            try {
                while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
                    batch.add(queue.poll());
                }
                if (batch.isEmpty()) {
                    leading = false;
                    idle.signalAll();
                    return;
                }
            } finally {
                lock.unlock();
            }
            commit(batch);
            batch.clear();
        }
    }

    private void commit(List<Pending<?>> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        List<RuntimeException> errors = new ArrayList<>(batch.size());
        for (Pending<?> p : batch) {
            Object result = null;
            RuntimeException error = null;
            try {
                Savepoint sp = writer.setSavepoint();
                try {
                    result = p.work().run(writer);
                    writer.releaseSavepoint(sp);
                } catch (SQLException | RuntimeException e) {
                    writer.rollback(sp);
                    error = translate.apply(e);
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
    private static <T> void complete(Pending<T> p, Object result, RuntimeException error) {
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

    /** Refuses new writes and waits for the batches under way; the caller closes the connection afterwards. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            while (leading) {
                idle.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }
}
