package dev.mosaic.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs every write on one connection and commits the writes that queued up meanwhile together: one fsync for
 * many sends. A caller that finds no commit under way leads: it runs what is queued (its own write included) and
 * commits, round after round, until its own write is committed; then it steps down and a waiting caller takes
 * over. So a lone write runs on its caller's thread with no hand-off, and a caller is held only for the writes
 * that queued before it, never for later ones. Each write runs in its own savepoint, so a write that fails is
 * rolled back alone and the others still commit; every caller returns only after the commit that holds its write.
 * A write may be lazy ({@link #write(Database.Work, boolean)}): a round made of lazy writes only commits at
 * {@code synchronous=NORMAL}, without the fsync, so it survives the hub's crash but not the machine's; the next durable
 * round's fsync covers it too (the WAL is one file, written in order). A round with any durable write is durable.
 */
final class GroupCommitter implements AutoCloseable {
    /** Enough to amortise an fsync; small enough that one batch never holds the write lock for long. */
    private static final int MAX_BATCH = 256;

    private record Pending<T>(Database.Work<T> work, boolean durable, CompletableFuture<T> done) {
    }

    /** The connection's own synchronous level (what a durable round commits at), and the one lazy rounds use. */
    private final int durableLevel;
    private final int lazyLevel;
    /** The level the writer is at now; -1 when unknown (a switch failed half-way). Leader only. */
    private int level;

    private final Connection writer;
    private final Function<Exception, RuntimeException> translate;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a round completes, a leader steps down or a write leaves the queue. */
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>(); // guarded by lock; not yet taken by a leader
    private boolean leading; // guarded by lock: a caller is running rounds
    private boolean closed; // guarded by lock
    private final Timer commits;
    private final DistributionSummary writesPerCommit;
    private final Counter lazyCommits;

    /** @param translate turns a database error into what the caller should see */
    GroupCommitter(Connection writer, Function<Exception, RuntimeException> translate) {
        this(writer, translate, new CompositeMeterRegistry()); // an empty composite: meters that record nothing
    }

    /** @param meters where the COMMIT's latency (the WAL fsync) and the writes it carried are recorded */
    GroupCommitter(Connection writer, Function<Exception, RuntimeException> translate, MeterRegistry meters) {
        this.writer = writer;
        this.translate = translate;
        this.commits = Timer.builder("mosaic.store.commit")
                .description("One COMMIT of the store's writer (SQLite: the WAL fsync), successful or not")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
        this.writesPerCommit = DistributionSummary.builder("mosaic.store.commit.writes")
                .description("Writes carried by one commit (group commit)")
                .register(meters);
        this.lazyCommits = Counter.builder("mosaic.store.commit.lazy")
                .description("Commits made of lazy writes only (marking a message pushed): no fsync")
                .register(meters);
        this.durableLevel = synchronousLevel(writer);
        this.lazyLevel = Math.min(durableLevel, 1); // NORMAL, or OFF if the connection was already there
        this.level = durableLevel;
    }

    private static int synchronousLevel(Connection writer) {
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
            return rs.next() ? rs.getInt(1) : 2;
        } catch (SQLException e) {
            return 2; // FULL, SQLite's default: lazy rounds then switch to NORMAL, durable ones back to FULL
        }
    }

    <T> T write(Database.Work<T> work) {
        return write(work, true);
    }

    /** @param durable false: a lazy write, whose round may commit without the fsync (see the class comment) */
    <T> T write(Database.Work<T> work, boolean durable) {
        Pending<T> p = new Pending<>(work, durable, new CompletableFuture<>());
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
        boolean durable = batch.stream().anyMatch(Pending::durable);
        try {
            switchTo(durable ? durableLevel : lazyLevel);
        } catch (SQLException | RuntimeException e) {
            level = -1;
            beginAgain();
            if (durable) { // never commit a durable write at a lower level: fail the round, nothing was run
                RuntimeException failed = translate.apply(e);
                batch.forEach(p -> p.done().completeExceptionally(failed));
                return;
            }
            // a lazy round at whatever level the writer is at: at worst durable, which is only slower
        }
        List<Object> results = new ArrayList<>(batch.size());
        List<Throwable> errors = new ArrayList<>(batch.size());
        RuntimeException broken = null; // the transaction is gone: nothing more may run in this batch
        for (Pending<?> p : batch) {
            if (broken != null) {
                break;
            }
            Object result = null;
            Throwable error = null;
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
                        broken = translate.apply(e);
                    }
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
        if (broken != null) {
            rollback();
            RuntimeException failed = broken;
            batch.forEach(p -> p.done().completeExceptionally(failed));
            return;
        }
        long started = System.nanoTime();
        try {
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            rollback();
            RuntimeException failed = translate.apply(e);
            batch.forEach(p -> p.done().completeExceptionally(failed));
            return;
        } finally {
            commits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        writesPerCommit.record(batch.size());
        if (!durable) {
            lazyCommits.increment();
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

    /**
     * Sets the writer's synchronous level between transactions (SQLite refuses it inside one: "Safety level may not
     * be changed inside a transaction"), so the driver's open transaction is ended and begun again around it.
     */
    private void switchTo(int wanted) throws SQLException {
        if (wanted == level) {
            return;
        }
        writer.setAutoCommit(true); // ends the driver's deferred BEGIN, which holds nothing yet
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA synchronous=" + wanted);
        } finally {
            writer.setAutoCommit(false);
        }
        level = wanted;
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
