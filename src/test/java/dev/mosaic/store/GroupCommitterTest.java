package dev.mosaic.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Group commit keeps its promises when a write throws an Error, when writes keep coming, and when a caller is interrupted. */
class GroupCommitterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    Connection writer;
    GroupCommitter committer;

    @BeforeEach
    void open() throws SQLException {
        writer = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t (x TEXT)");
        }
        writer.setAutoCommit(false);
        committer = new GroupCommitter(writer, e -> e instanceof RuntimeException r ? r
                : new StoreUnavailableException(e.getMessage(), e));
    }

    @AfterEach
    void close() throws SQLException {
        writer.close();
    }

    Void insert(Connection c, String x) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO t (x) VALUES (?)")) {
            s.setString(1, x);
            s.executeUpdate();
        }
        return null;
    }

    boolean stored(String x) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM t WHERE x = ?")) {
            s.setString(1, x);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void awaitParked(Thread t) {
        await().atMost(PATIENCE).until(() -> t.getState() == Thread.State.WAITING);
    }

    @Test
    void anErrorInOneWriteLeavesTheCommitterServingLaterWritesAndClose() throws Exception {
        assertThatThrownBy(() -> committer.write(c -> {
            throw new StackOverflowError("a write that blew up");
        })).isInstanceOf(StackOverflowError.class);
        CompletableFuture<Void> next = CompletableFuture.runAsync(() -> committer.write(c -> insert(c, "after")));
        await().atMost(PATIENCE).until(next::isDone);
        assertThat(next).isCompleted();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(committer::close);
        await().atMost(PATIENCE).until(closing::isDone);
        assertThat(stored("after")).isTrue();
    }

    @Test
    void aWriterIsNotHeldForWritesThatQueuedAfterIt() throws Exception {
        AtomicBoolean more = new AtomicBoolean(true);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> committer.write(link(0, more)));
        try {
            // Every write queues the next one before it returns, so the queue is never empty: a leader that
            // commits until the queue runs dry would hold its own caller for ever.
            await().atMost(PATIENCE).until(first::isDone);
            assertThat(first).isCompleted();
        } finally {
            more.set(false);
        }
        committer.close();
        assertThat(stored("0")).isTrue();
    }

    private dev.mosaic.store.Database.Work<Void> link(int i, AtomicBoolean more) {
        return c -> {
            if (more.get()) {
                Thread next = Thread.ofPlatform().start(() -> committer.write(link(i + 1, more)));
                awaitParked(next);
            }
            return insert(c, Integer.toString(i));
        };
    }

    @Test
    void anInterruptedCallerIsToldFailureOnlyWhenItsWriteCannotCommit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread leader = Thread.ofPlatform().start(() -> committer.write(c -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new SQLException(e);
            }
            return insert(c, "leader");
        }));
        await().atMost(PATIENCE).until(() -> leader.getState() == Thread.State.WAITING);
        AtomicReference<Throwable> told = new AtomicReference<>();
        AtomicBoolean returned = new AtomicBoolean();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                committer.write(c -> insert(c, "interrupted"));
                returned.set(true);
            } catch (RuntimeException e) {
                told.set(e);
            }
        });
        awaitParked(caller);
        caller.interrupt();
        caller.join(PATIENCE);
        release.countDown();
        leader.join(PATIENCE);
        committer.close();
        assertThat(returned.get() || told.get() != null).as("the caller got an answer").isTrue();
        assertThat(stored("interrupted")).as("stored exactly when the caller was told so").isEqualTo(returned.get());
    }

    static int synchronous(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aRoundOfLazyWritesOnlyCommitsWithoutTheFsyncAndTheNextDurableOneWithIt() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        GroupCommitter counted = new GroupCommitter(writer, e -> new StoreUnavailableException(e.getMessage(), e), meters);
        int durable = counted.write(GroupCommitterTest::synchronous);
        assertThat(durable).as("the connection's own level: FULL").isEqualTo(2);
        int lazy = counted.write(c -> {
            insert(c, "lazy");
            return synchronous(c);
        }, false);
        assertThat(lazy).as("a lazy round: NORMAL").isEqualTo(1);
        assertThat(stored("lazy")).as("committed all the same: another connection reads it").isTrue();
        int after = counted.write(GroupCommitterTest::synchronous);
        assertThat(after).as("back to FULL for a durable write").isEqualTo(2);
        assertThat(meters.get("mosaic.store.commit.lazy").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aLazyWriteThatSharesARoundWithADurableOneIsDurable() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread leader = Thread.ofPlatform().start(() -> committer.write(c -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new SQLException(e);
            }
            return insert(c, "leader");
        }));
        await().atMost(PATIENCE).until(() -> leader.getState() == Thread.State.WAITING);
        CompletableFuture<Integer> lazy = new CompletableFuture<>();
        Thread lazyCaller = Thread.ofPlatform().start(() -> lazy.complete(committer.write(GroupCommitterTest::synchronous,
                false)));
        awaitParked(lazyCaller);
        Thread durableCaller = Thread.ofPlatform().start(() -> committer.write(c -> insert(c, "durable")));
        awaitParked(durableCaller);
        release.countDown(); // the two queued writes form the next round together
        await().atMost(PATIENCE).until(lazy::isDone);
        int level = lazy.get();
        assertThat(level).as("the round holds a durable write: FULL").isEqualTo(2);
        durableCaller.join(PATIENCE);
        assertThat(stored("durable")).isTrue();
    }
}
