package org.flowstream.resource.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit for one SQLite connection: writes that arrive while a commit is under way wait for it, and
 * the next writer to go commits all of them in one transaction, so concurrent installs pay one disk flush
 * per batch instead of one each. A caller still returns only once its own write is committed.
 *
 * <p>Each write runs inside a savepoint of the batch: a write that fails (an update of a missing row, a
 * value that cannot be encoded) is rolled back alone and its caller gets its exception; the others
 * commit. If the commit itself fails, every write of the batch fails with that error.
 */
final class GroupCommit {

    /** Statements of one write; runs inside the batch's transaction. */
    @FunctionalInterface
    interface Write<T> {
        T run(Connection db) throws SQLException;
    }

    /** One write waiting in the queue, then its outcome. */
    private static final class Pending<T> {
        final Write<T> write;
        T result;
        Exception error;
        boolean done;

        Pending(Write<T> write) {
            this.write = write;
        }
    }

    private final Connection db;
    private final Object connectionLock;
    private final int maxBatch;
    private final List<Pending<?>> queue = new ArrayList<>(); // guarded by itself
    private boolean committing; // guarded by queue
    private long commits; // guarded by queue

    /**
     * @param connectionLock what readers of {@code db} synchronize on; a batch holds it while it runs
     * @param maxBatch       most writes per commit; 1 commits each write alone (the baseline of bench api --method store)
     */
    GroupCommit(Connection db, Object connectionLock, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1");
        }
        this.db = db;
        this.connectionLock = connectionLock;
        this.maxBatch = maxBatch;
    }

    /** Runs the write and returns once it is committed (alone or with others). */
    <T> T write(Write<T> write) throws SQLException {
        Pending<T> mine = new Pending<>(write);
        synchronized (queue) {
            queue.add(mine);
        }
        while (true) {
            List<Pending<?>> batch;
            synchronized (queue) {
                awaitTurn(mine);
                if (mine.done) {
                    return outcome(mine);
                }
                // Lead the next batch: the oldest writes first, ours among them unless maxBatch others came first.
                committing = true;
                List<Pending<?>> taken = queue.subList(0, Math.min(maxBatch, queue.size()));
                batch = new ArrayList<>(taken);
                taken.clear();
            }
            try {
                commit(batch);
            } finally {
                synchronized (queue) {
                    committing = false;
                    commits++;
                    queue.notifyAll();
                }
            }
        }
    }

    /** Waits (holding the queue's monitor) while another thread commits and our write is not done. */
    private void awaitTurn(Pending<?> mine) {
        boolean interrupted = false;
        while (committing && !mine.done) {
            try {
                queue.wait();
            } catch (InterruptedException e) {
                interrupted = true; // the write is queued: it must finish either way
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    long commitCount() {
        synchronized (queue) {
            return commits;
        }
    }

    private void commit(List<Pending<?>> batch) {
        try {
            synchronized (connectionLock) {
                try (Statement s = db.createStatement()) {
                    s.execute("BEGIN IMMEDIATE");
                    for (Pending<?> p : batch) {
                        runInSavepoint(s, p);
                    }
                    s.execute("COMMIT");
                } catch (SQLException | RuntimeException e) {
                    failAll(batch, e);
                } catch (Error e) {
                    failAll(batch, new SQLException("the commit was aborted: " + e, e));
                    throw e;
                }
            }
        } finally {
            synchronized (queue) {
                batch.forEach(p -> p.done = true); // whatever happened, nobody waits for this batch any more
            }
        }
    }

    /** Nothing of the batch was committed: every write fails (with its own error if it had one). */
    private void failAll(List<Pending<?>> batch, Exception e) {
        rollBackQuietly();
        for (Pending<?> p : batch) {
            if (p.error == null) {
                p.error = e;
            }
        }
    }

    private static <T> void runInSavepoint(Statement s, Pending<T> p) throws SQLException {
        s.execute("SAVEPOINT write");
        try {
            p.result = p.write.run(s.getConnection());
            s.execute("RELEASE write");
        } catch (SQLException | RuntimeException e) {
            s.execute("ROLLBACK TO write");
            s.execute("RELEASE write");
            p.error = e;
        }
    }

    private void rollBackQuietly() {
        try (Statement s = db.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction was open
        }
    }

    private static <T> T outcome(Pending<T> p) throws SQLException {
        if (p.error instanceof SQLException e) {
            throw e;
        }
        if (p.error instanceof RuntimeException e) {
            throw e;
        }
        return p.result;
    }
}
