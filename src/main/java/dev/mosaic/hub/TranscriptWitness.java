package dev.mosaic.hub;

import dev.mosaic.model.Pane;
import dev.mosaic.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The second witness of seen (DESIGN.md §10): the session transcript Claude Code writes. Each hook names its
 * session's transcript ({@code transcript_path}); the hub remembers it for the reporting pane and, on each pass of
 * the sweep of unseen pushes (before that sweep decides anything), reads what the transcript gained since and
 * records as seen the pane's pushed messages its {@code user} lines and {@code queued_command} attachments hold. So a
 * message the agent took in is not sent again when its UserPromptSubmit report was lost (the hub away for that
 * second, the hook timed out). Read in the sweep, not when a hook arrives: Claude Code waits for its hooks, and
 * flushes the transcript in batches, often after the turn's Stop hook. Only a path shaped like Claude Code's own,
 * {@code …/projects/<folder>/<session_id>.jsonl}, is read; anything else a hook names is ignored.
 */
final class TranscriptWitness {
    private static final Logger LOG = LoggerFactory.getLogger(TranscriptWitness.class);
    /** A pane runs one session at a time; a few more (a `claude` started inside it) are kept, the oldest dropped. */
    static final int MAX_PER_PANE = 4;
    private static final int MAX_PATH = 4096;

    private final Store store;
    private final SeenReceipts receipts;
    /** Per pane, its transcripts by path, most recently named last; each inner map guarded by itself. */
    private final Map<String, LinkedHashMap<Path, TranscriptFile>> panes = new ConcurrentHashMap<>();
    /** One pass at a time: a TranscriptFile has one reader. */
    private final ReentrantLock reading = new ReentrantLock();

    TranscriptWitness(Store store, SeenReceipts receipts) {
        this.store = store;
        this.receipts = receipts;
    }

    /** Remembers the transcript a hook of this (live, checked) pane named. Never reads: a hook must answer fast. */
    void heard(String paneId, String sessionId, Optional<String> transcriptPath) {
        Optional<Path> path = transcriptPath.flatMap(p -> claudeTranscript(sessionId, p));
        if (path.isEmpty()) {
            transcriptPath.ifPresent(p -> LOG.debug("pane {}: transcript_path is not Claude Code's own for session "
                    + "{}; not read", paneId, sessionId));
            return;
        }
        LinkedHashMap<Path, TranscriptFile> files = panes.computeIfAbsent(paneId, id -> new LinkedHashMap<>());
        synchronized (files) {
            TranscriptFile known = files.remove(path.get());
            files.put(path.get(), known != null ? known : new TranscriptFile(path.get()));
            while (files.size() > MAX_PER_PANE) {
                files.remove(files.keySet().iterator().next());
            }
        }
    }

    /**
     * The path, if it is where Claude Code writes this session's transcript: absolute, plain (no {@code ..}), named
     * {@code <session_id>.jsonl}, in a folder of a folder named {@code projects}.
     */
    static Optional<Path> claudeTranscript(String sessionId, String transcriptPath) {
        if (transcriptPath.isEmpty() || transcriptPath.length() > MAX_PATH) {
            return Optional.empty();
        }
        Path p;
        try {
            p = Path.of(transcriptPath);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (!p.isAbsolute() || !p.normalize().equals(p) || p.getNameCount() < 3
                || !p.getFileName().toString().equals(sessionId + ".jsonl")
                || !p.getParent().getParent().getFileName().toString().equals("projects")) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /**
     * One pass: reads each known transcript's new lines and records what they show taken in; returns the ids it
     * marked seen. A transcript that cannot be read is skipped (logged once until it reads again); the panes no
     * longer live are forgotten.
     */
    List<String> read() {
        List<String> marked = new ArrayList<>();
        reading.lock();
        try {
            for (var entry : panes.entrySet()) {
                String paneId = entry.getKey();
                List<TranscriptFile> files;
                synchronized (entry.getValue()) {
                    files = new ArrayList<>(entry.getValue().values());
                }
                for (TranscriptFile file : files) {
                    List<String> ids = readQuietly(paneId, file);
                    List<String> seen = receipts.record(paneId, ids);
                    if (!seen.isEmpty()) {
                        LOG.info("pane {}: its transcript shows {} taken in, which no hook reported", paneId, seen);
                        marked.addAll(seen);
                    }
                }
                if (store.pane(paneId).filter(Pane::isLive).isEmpty()) {
                    panes.remove(paneId);
                }
            }
        } finally {
            reading.unlock();
        }
        return marked;
    }

    private static List<String> readQuietly(String paneId, TranscriptFile file) {
        try {
            List<String> ids = file.read();
            file.problem(null);
            return ids;
        } catch (IOException | RuntimeException e) {
            if (file.problem(e.toString())) {
                LOG.warn("pane {}: cannot read its transcript {}: {}; seen receipts rest on its hooks until it "
                        + "reads again", paneId, file.path(), e.toString());
            }
            return List.of();
        }
    }
}
