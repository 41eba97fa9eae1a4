package org.flowstream.placement.moves;

import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.impl.heuristic.move.AbstractMove;
import java.util.List;
import org.flowstream.placement.domain.IoNode;
import org.flowstream.placement.domain.PlacementSolution;
import org.flowstream.placement.domain.SinkNode;

/** Moves a sink to another of its allowed I/O nodes. */
public final class SinkIoMove extends AbstractMove<PlacementSolution> {
    private final SinkNode sink;
    private final IoNode target;

    public SinkIoMove(SinkNode sink, IoNode target) {
        this.sink = sink;
        this.target = target;
    }

    @Override
    public boolean isMoveDoable(ScoreDirector<PlacementSolution> scoreDirector) {
        return sink.getIoNode() != target;
    }

    @Override
    protected void doMoveOnGenuineVariables(ScoreDirector<PlacementSolution> scoreDirector) {
        scoreDirector.beforeVariableChanged(sink, "ioNode");
        sink.setIoNode(target);
        scoreDirector.afterVariableChanged(sink, "ioNode");
    }

    @Override
    public SinkIoMove rebase(ScoreDirector<PlacementSolution> destinationScoreDirector) {
        return new SinkIoMove(destinationScoreDirector.lookUpWorkingObject(sink), target);
    }

    @Override
    public List<SinkNode> getPlanningEntities() {
        return List.of(sink);
    }

    @Override
    public List<IoNode> getPlanningValues() {
        return List.of(target);
    }

    @Override
    public String toString() {
        return sink + "->" + target;
    }
}
