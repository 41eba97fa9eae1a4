package org.flowstream.placement.moves;

import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.PlacementSolution;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;

/**
 * Random {@link ServiceToRackMove}s: a random movable service, a random rack, and the service's PMs
 * packed in DAG order onto that rack's servers from a random start (consecutive PMs share a server
 * while the service's own demand fits it, which keeps its traffic internal and its delay low).
 */
public final class ServiceToRackMoveFactory implements MoveIteratorFactory<PlacementSolution, ServiceToRackMove> {
    private List<List<ModuleNode>> movable = List.of();
    private List<List<ServerNode>> racks = List.of();

    @Override
    public void phaseStarted(ScoreDirector<PlacementSolution> scoreDirector) {
        PlacementSolution solution = scoreDirector.getWorkingSolution();
        Map<Integer, ModuleNode> byKey = new HashMap<>();
        for (ModuleNode pm : solution.getPms()) byKey.put(pm.key(), pm);
        List<List<ModuleNode>> result = new ArrayList<>();
        for (ServiceGraph ns : solution.getServices()) {
            List<ModuleNode> working = new ArrayList<>();
            boolean anyPinned = false;
            for (ModuleNode original : ns.pmsInTopologicalOrder()) {
                ModuleNode pm = byKey.get(original.key());
                anyPinned |= pm.isPinned();
                working.add(pm);
            }
            if (!anyPinned) result.add(Collections.unmodifiableList(working));
        }
        movable = result;
        racks = solution.getPlatform().racks();
    }

    @Override
    public long getSize(ScoreDirector<PlacementSolution> scoreDirector) {
        return (long) movable.size() * racks.size();
    }

    @Override
    public Iterator<ServiceToRackMove> createOriginalMoveIterator(ScoreDirector<PlacementSolution> scoreDirector) {
        throw new UnsupportedOperationException("only random selection: the full neighbourhood is services x racks");
    }

    @Override
    public Iterator<ServiceToRackMove> createRandomMoveIterator(
            ScoreDirector<PlacementSolution> scoreDirector, Random random) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !movable.isEmpty();
            }

            @Override
            public ServiceToRackMove next() {
                List<ModuleNode> pms = movable.get(random.nextInt(movable.size()));
                List<ServerNode> rack = racks.get(random.nextInt(racks.size()));
                return new ServiceToRackMove(pms, pack(pms, rack, random.nextInt(rack.size())));
            }
        };
    }

    static List<ServerNode> pack(List<ModuleNode> pms, List<ServerNode> rack, int start) {
        List<ServerNode> targets = new ArrayList<>(pms.size());
        int idx = start;
        long cpu = 0, mem = 0;
        for (ModuleNode pm : pms) {
            ServerNode s = rack.get(idx);
            if (cpu + pm.cpuCenti() > s.cpuCenti() || mem + pm.memoryMb() > s.memoryMb()) {
                idx = (idx + 1) % rack.size();
                cpu = 0;
                mem = 0;
            }
            cpu += pm.cpuCenti();
            mem += pm.memoryMb();
            targets.add(rack.get(idx));
        }
        return targets;
    }
}
