package org.flowstream.placement.moves;

import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.flowstream.placement.domain.IoNode;
import org.flowstream.placement.domain.PlacementSolution;
import org.flowstream.placement.domain.SinkNode;

/** Random {@link SinkIoMove}s: a movable sink and one of its allowed I/O nodes. */
public final class SinkIoMoveFactory implements MoveIteratorFactory<PlacementSolution, SinkIoMove> {
    private List<SinkNode> movable = List.of();

    @Override
    public void phaseStarted(ScoreDirector<PlacementSolution> scoreDirector) {
        List<SinkNode> result = new ArrayList<>();
        for (SinkNode s : scoreDirector.getWorkingSolution().getSinks())
            if (!s.isPinned() && s.getAllowed().size() > 1) result.add(s);
        movable = result;
    }

    @Override
    public long getSize(ScoreDirector<PlacementSolution> scoreDirector) {
        return movable.stream().mapToLong(s -> s.getAllowed().size()).sum();
    }

    @Override
    public Iterator<SinkIoMove> createOriginalMoveIterator(ScoreDirector<PlacementSolution> scoreDirector) {
        List<SinkIoMove> all = new ArrayList<>();
        for (SinkNode s : movable) for (IoNode io : s.getAllowed()) all.add(new SinkIoMove(s, io));
        return all.iterator();
    }

    @Override
    public Iterator<SinkIoMove> createRandomMoveIterator(
            ScoreDirector<PlacementSolution> scoreDirector, Random random) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !movable.isEmpty();
            }

            @Override
            public SinkIoMove next() {
                SinkNode s = movable.get(random.nextInt(movable.size()));
                return new SinkIoMove(
                        s, s.getAllowed().get(random.nextInt(s.getAllowed().size())));
            }
        };
    }
}
