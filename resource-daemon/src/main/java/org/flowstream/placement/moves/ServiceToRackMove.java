package org.flowstream.placement.moves;

import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.impl.heuristic.move.AbstractMove;
import java.util.List;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.PlacementSolution;
import org.flowstream.placement.domain.ServerNode;

/**
 * Moves every PM of one network service at once onto servers of one rack. A single-PM move cannot
 * repair a delay bound broken because a service is spread over racks (each step alone makes things
 * worse); moving the service whole can.
 */
public final class ServiceToRackMove extends AbstractMove<PlacementSolution> {
    private final List<ModuleNode> pms;
    private final List<ServerNode> targets;

    public ServiceToRackMove(List<ModuleNode> pms, List<ServerNode> targets) {
        if (pms.size() != targets.size()) throw new IllegalArgumentException("one target server per PM");
        this.pms = pms;
        this.targets = targets;
    }

    @Override
    public boolean isMoveDoable(ScoreDirector<PlacementSolution> scoreDirector) {
        for (int i = 0; i < pms.size(); i++) if (pms.get(i).getServer() != targets.get(i)) return true;
        return false;
    }

    @Override
    protected void doMoveOnGenuineVariables(ScoreDirector<PlacementSolution> scoreDirector) {
        for (int i = 0; i < pms.size(); i++) {
            ModuleNode pm = pms.get(i);
            if (pm.getServer() == targets.get(i)) continue;
            scoreDirector.beforeVariableChanged(pm, "server");
            pm.setServer(targets.get(i));
            scoreDirector.afterVariableChanged(pm, "server");
        }
    }

    @Override
    public ServiceToRackMove rebase(ScoreDirector<PlacementSolution> destinationScoreDirector) {
        // Servers are problem facts shared by every clone; only the PMs need looking up.
        return new ServiceToRackMove(rebaseList(pms, destinationScoreDirector), targets);
    }

    @Override
    public List<ModuleNode> getPlanningEntities() {
        return pms;
    }

    @Override
    public List<ServerNode> getPlanningValues() {
        return targets;
    }

    @Override
    public String toString() {
        return "ServiceToRack" + pms + "->" + targets;
    }
}
