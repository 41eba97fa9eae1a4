package org.flowstream.balancer;

import java.util.List;
import java.util.Map;

/** Fair shares and the imbalance measure of §2.2.4. */
public final class Imbalance {
    private Imbalance() {}

    public static double totalCapacity(List<Machine> machines) {
        double s = 0;
        for (Machine m : machines) s += m.capacity();
        return s;
    }

    /** The load the machine is supposed to have: the total in proportion to its capacity. */
    public static double fairShare(Machine m, double totalLoad, double totalCapacity) {
        return totalLoad * m.capacity() / totalCapacity;
    }

    public static double of(Map<String, Double> machineLoads, List<Machine> machines, double totalLoad) {
        if (totalLoad <= 0) return 1.0;
        double capacity = totalCapacity(machines);
        double worst = 0;
        for (Machine m : machines) {
            double l = machineLoads.getOrDefault(m.name(), 0.0);
            worst = Math.max(worst, l / fairShare(m, totalLoad, capacity));
        }
        return worst;
    }
}
