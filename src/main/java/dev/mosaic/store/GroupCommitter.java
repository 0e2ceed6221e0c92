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
        RuntimeException broken = null; // the transaction is gone: nothing more may run in this batch
        for (Pending<?> p : batch) {
            if (broken != null) {
                break;
            }
            Object result = null;
            RuntimeException error = null;
            try {
                Savepoint sp = writer.setSavepoint();
                try {
                    result = p.work().run(writer);
                    writer.releaseSavepoint(sp);
                } catch (SQLException | RuntimeException e) {
                    error = translate.apply(e);
                    try {
                        writer.rollback(sp);
                    } catch (SQLException | RuntimeException gone) {
                        // SQLite rolled the whole transaction back by itself (disk full, I/O error): the savepoint is
                        // gone with it, and so are the writes before this one. A write run now would commit on its
                        // own while its caller hears that nothing was changed.
                        broken = error;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                error = translate.apply(e); // the savepoint itself failed: nothing of this write is kept
            }
            results.add(result);
            errors.add(error);
        }
        if (broken != null) {
            rollback();
            RuntimeException failed = broken;
            batch.forEach(p -> p.done().completeExceptionally(failed));
            return;
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
        } catch (SQLException alreadyRolledBack) {
            // SQLite ended the transaction by itself (disk full, I/O error), so the driver's ROLLBACK failed before
            // it could BEGIN the next one: the connection would run every later write in autocommit, committing it
            // at its savepoint's release while the caller is told it failed. Begin afresh.
            beginAgain();
        }
    }

    /** Back to "a transaction is open" whatever state the driver is in: autocommit on, then off again (BEGIN). */
    private void beginAgain() {
        try {
            writer.setAutoCommit(true);
        } catch (SQLException ignored) {
            // its COMMIT finds no transaction; the driver has switched to autocommit all the same
        }
        try {
            writer.setAutoCommit(false);
        } catch (SQLException e) {
            // the next write fails at its savepoint, with the database's own reason
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
