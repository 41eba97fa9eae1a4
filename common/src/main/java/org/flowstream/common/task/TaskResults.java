package org.flowstream.common.task;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.rpc.ReturnValue;

/** What get_task_result answers: the state of recent tasks, keeping the newest {@code keep} finished ones. */
final class TaskResults {

    private enum State {
        QUEUED,
        RUNNING,
        DONE
    }

    /** {@code owner} is the caller who started the task: tenants see only their own. */
    private record Entry(String name, String owner, State state, ReturnValue outcome) {}

    private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Integer> finishedOrder = new ConcurrentLinkedQueue<>();
    private final int keep;

    TaskResults(int keep) {
        this.keep = Math.max(1, keep);
    }

    void queued(int id, String name, String owner) {
        entries.put(id, new Entry(name, owner, State.QUEUED, null));
    }

    void running(int id) {
        entries.computeIfPresent(id, (k, e) -> new Entry(e.name(), e.owner(), State.RUNNING, null));
    }

    void finished(int id, ReturnValue outcome) {
        entries.computeIfPresent(id, (k, e) -> new Entry(e.name(), e.owner(), State.DONE, outcome));
        finishedOrder.add(id);
        while (finishedOrder.size() > keep) {
            Integer oldest = finishedOrder.poll();
            if (oldest != null) {
                entries.remove(oldest);
            }
        }
    }

    ReturnValue get(int id, Caller caller) {
        Entry entry = entries.get(id);
        if (entry == null || !(caller.seesEveryTenant() || caller.name().equals(entry.owner()))) {
            return ReturnValue.failure(
                    "unknown task id %d: no such task, or its result was older than the %d kept".formatted(id, keep));
        }
        return switch (entry.state()) {
            case QUEUED -> ReturnValue.notReady("task %d (%s) is waiting to run".formatted(id, entry.name()), null);
            case RUNNING -> ReturnValue.notReady("task %d (%s) is running".formatted(id, entry.name()), null);
            case DONE -> entry.outcome();
        };
    }
}
