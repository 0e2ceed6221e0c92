package dev.mosaic.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One hub per MOSAIC_HOME: two would fight over hub.json and push the same registrations. The OS releases the
 * lock when the process dies, so a crashed hub never blocks the next one.
 */
final class HomeLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static HomeLock acquire(Path home) {
        try {
            Files.createDirectories(home);
            FileChannel channel = FileChannel.open(home.resolve("hub.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by a hub in this same JVM
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another hub is already running with home " + home
                        + " (see " + home.resolve(HubFile.NAME) + "); stop it first, or set MOSAIC_HOME elsewhere");
            }
            return new HomeLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + home.resolve("hub.lock"), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }
}
