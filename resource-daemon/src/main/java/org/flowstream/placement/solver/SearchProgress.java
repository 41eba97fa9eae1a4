package org.flowstream.placement.solver;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.placement.feasibility.ViolationReport;

/**
 * The best violations of one solve over time, from whichever phase found them (greedy, descent,
 * annealing, Timefold's local search): the rows of Tables 3.2-3.6 at fixed fractions of the time
 * limit, and the curve of Figures 3.3/3.4. Only improvements are kept, so it stays small.
 */
public final class SearchProgress {
    /** The best placement known {@code seconds} after the solve started. */
    public record Point(double seconds, ViolationReport violations) {}

    private final long startNanos;
    private final List<Point> points = new ArrayList<>();

    public SearchProgress(long startNanos) {
        this.startNanos = startNanos;
    }

    /** Records a placement's violations if they are fewer than the best so far. */
    public synchronized void offer(ViolationReport violations) {
        if (!points.isEmpty()
                && violations.total()
                        >= points.get(points.size() - 1).violations().total()) return;
        points.add(new Point((System.nanoTime() - startNanos) / 1e9, violations));
    }

    public synchronized List<Point> points() {
        return List.copyOf(points);
    }

    /** The best known at {@code seconds} (the first point if nothing was known yet), or null when empty. */
    public synchronized Point bestAt(double seconds) {
        Point best = points.isEmpty() ? null : points.get(0);
        for (Point p : points) if (p.seconds() <= seconds) best = p;
        return best;
    }
}
