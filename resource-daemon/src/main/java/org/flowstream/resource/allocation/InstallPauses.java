package org.flowstream.resource.allocation;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A hook for crash tests on the real platform: installs hold before the named steps until the pause is lifted (or
 * its time is up), so a test can kill a daemon or a PM at exactly that point of an install instead of racing it.
 * An operator sets it with {@code pause_installs}; it lives only in memory, so a restarted daemon never pauses.
 * While an install holds, get_allocation's reason says so ("paused before install rules (pause_installs)").
 */
public final class InstallPauses {

    /**
     * The install steps, in their order (InstallTask's names), and "record PMs": within "start PMs", after a PM's
     * host has answered and before the book records the PM (a PM that dies there is known only by its name tag).
     */
    public static final List<String> STEPS = List.of("place", "start PMs", "record PMs", "install rules", "activate");

    public static final Duration LONGEST = Duration.ofMinutes(5);

    private volatile Set<String> steps = Set.of();
    /** Steps of other tasks that hold the same way (a move's, "move: freeze" ...), named where those tasks are made. */
    private volatile List<String> otherSteps = List.of();

    private volatile long untilNanos;

    /**
     * Installs hold before each of {@code steps} for at most {@code longest}; an empty collection lifts every pause.
     *
     * @throws IllegalArgumentException for a step that does not exist or a time out of range, in words
     */
    public void set(Collection<String> steps, Duration longest) {
        for (String step : steps) {
            if (!STEPS.contains(step) && !otherSteps.contains(step)) {
                List<String> all = new java.util.ArrayList<>(STEPS);
                all.addAll(otherSteps);
                throw new IllegalArgumentException(
                        "no install step '%s'; the steps are %s".formatted(step, String.join(", ", all)));
            }
        }
        if (longest.isNegative() || longest.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(
                    "a pause lasts 0 to %d seconds, not %d".formatted(LONGEST.toSeconds(), longest.toSeconds()));
        }
        this.untilNanos = System.nanoTime() + longest.toNanos();
        this.steps = Set.copyOf(steps);
    }

    /**
     * Makes the steps of another task pausable too: that task calls {@link #holdBeforeUnchecked} before each (the
     * resource daemon names a move's steps "move: freeze", "move: hand over", ..., so a crash test can kill it
     * mid-move).
     */
    public void alsoPausable(List<String> stepsOfAnotherTask) {
        this.otherSteps = List.copyOf(stepsOfAnotherTask);
    }

    /** As {@link #holdBefore}, for a step whose caller throws no InterruptedException (or a hook none at all). */
    public void holdBeforeUnchecked(int id, String step, AllocationBook book) {
        try {
            holdBefore(id, step, book);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the daemon is stopping: the task goes on and sees it
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the pause before " + step + ": " + e.getMessage(), e);
        }
    }

    /** The steps installs hold before now (empty when none, or the pause's time is up). */
    public Set<String> current() {
        return expired() ? Set.of() : new TreeSet<>(steps);
    }

    /** Holds the install of allocation {@code id} before {@code step} while that step is paused, saying so in its reason. */
    void holdBefore(int id, String step, AllocationBook book) throws SQLException, InterruptedException {
        if (!isHeld(step)) {
            return;
        }
        book.update(id, x -> x.withState(x.state(), "paused before %s (pause_installs)".formatted(step)));
        while (isHeld(step)) {
            Thread.sleep(100);
        }
    }

    private boolean isHeld(String step) {
        return steps.contains(step) && !expired();
    }

    private boolean expired() {
        return System.nanoTime() - untilNanos > 0;
    }
}
