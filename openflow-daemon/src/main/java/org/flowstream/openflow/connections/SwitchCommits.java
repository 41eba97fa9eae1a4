package org.flowstream.openflow.connections;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Group commit per switch: the changes that arrive while a switch's commit is under way wait for it and then go
 * together in its next commit (at most {@link #MAX_BATCH}), so a burst of concurrent create_connections and
 * delete_connections costs one save of the state and one switch transaction per commit instead of one per change.
 * Each switch commits on a virtual thread of its own, started when a change arrives and ending when none waits:
 * switches commit side by side, and no thread is kept for an idle switch. A caller is answered when the commit that
 * holds its change has ended ({@link Committer} completes each change's answer).
 *
 * @param <C> a change
 * @param <A> its answer
 */
final class SwitchCommits<C, A> {

    /** The most changes one commit takes; the rest wait for the next (a bound on one commit's size and time). */
    static final int MAX_BATCH = 64;

    /** A change waiting for its commit, and the answer its caller waits for. */
    record Pending<C, A>(C change, CompletableFuture<A> answer, long queuedNanos) {}

    /** Commits a batch of one switch's changes and completes every change's answer (or fails it). */
    interface Committer<C, A> {
        void commit(String switchName, List<Pending<C, A>> batch);
    }

    private final Committer<C, A> committer;
    /** Changes waiting, per switch; a switch is present while its commit thread runs. Guarded by {@code this}. */
    private final Map<String, ArrayDeque<Pending<C, A>>> waiting = new HashMap<>();

    SwitchCommits(Committer<C, A> committer) {
        this.committer = committer;
    }

    /**
     * Queues a change for the switch's next commit and waits for its answer.
     *
     * @throws Exception what the commit failed the change with, as thrown (an IllegalArgumentException for a change
     *     refused in words)
     */
    A submit(String switchName, C change) throws Exception {
        Pending<C, A> pending = new Pending<>(change, new CompletableFuture<>(), System.nanoTime());
        boolean startCommitter;
        synchronized (this) {
            ArrayDeque<Pending<C, A>> queue = waiting.get(switchName);
            startCommitter = queue == null;
            if (startCommitter) {
                queue = new ArrayDeque<>();
                waiting.put(switchName, queue);
            }
            queue.add(pending);
        }
        if (startCommitter) {
            Thread.ofVirtual().name("openflow-commit-" + switchName).start(() -> drain(switchName));
        }
        try {
            return pending.answer().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** How many changes wait for the switch's next commit (not those of the commit under way). */
    synchronized int waiting(String switchName) {
        ArrayDeque<Pending<C, A>> queue = waiting.get(switchName);
        return queue == null ? 0 : queue.size();
    }

    /** Commits the switch's waiting changes, batch after batch, until none waits. */
    private void drain(String switchName) {
        while (true) {
            List<Pending<C, A>> batch = new ArrayList<>();
            synchronized (this) {
                ArrayDeque<Pending<C, A>> queue = waiting.get(switchName);
                while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                    batch.add(queue.poll());
                }
                if (batch.isEmpty()) {
                    waiting.remove(switchName);
                    return;
                }
            }
            try {
                committer.commit(switchName, batch);
            } catch (Throwable unexpected) { // no caller is left waiting, whatever went wrong
                batch.forEach(p -> p.answer().completeExceptionally(unexpected));
            }
        }
    }
}
