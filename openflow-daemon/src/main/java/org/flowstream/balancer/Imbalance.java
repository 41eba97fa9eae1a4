package org.flowstream.balancer;

import java.util.List;
import java.util.Map;

/** Fair shares and the imbalance measure of §2.2.4. */
public final class Imbalance {
    private Imbalance() {}

    public static double totalPower(List<Machine> machines) {
        double s = 0;
        for (Machine m : machines) s += m.power();
        return s;
    }

    /** The load the machine is supposed to have: the total in proportion to its power. */
    public static double fairShare(Machine m, double totalLoad, double totalPower) {
        return totalLoad * m.power() / totalPower;
    }

    public static double of(Map<String, Double> machineLoads, List<Machine> machines, double totalLoad) {
        if (totalLoad <= 0) return 1.0;
        double power = totalPower(machines);
        double worst = 0;
        for (Machine m : machines) {
            double l = machineLoads.getOrDefault(m.id(), 0.0);
            worst = Math.max(worst, l / fairShare(m, totalLoad, power));
        }
        return worst;
    }
}
