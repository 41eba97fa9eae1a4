package org.flowstream.lang.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.catalogue.DefaultPmCatalogue;
import org.flowstream.lang.catalogue.PmCatalogue;

/**
 * Times a full check of a ~1 MB generated request (fixed seed). Prints, per run, the wall-clock
 * time and the CPU time of the checking thread (which stays meaningful on a machine shared with
 * other work), then the best and median of each; the first runs include JIT warm-up.
 * Usage: {@code LangBench [bytes] [runs]}.
 */
public final class LangBench {

    private static final long SEED = 20_260_101L;

    private LangBench() {}

    public static void main(String[] args) {
        int bytes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        String text = RequestGenerator.generateAtLeast(SEED, bytes);
        PmCatalogue catalogue = DefaultPmCatalogue.create();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wallMs = new long[runs];
        long[] cpuMs = new long[runs];
        CheckResult result = null;
        for (int run = 0; run < runs; run++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            result = AllocationLanguage.check("bench.click", text, catalogue);
            wallMs[run] = (System.nanoTime() - wallStart) / 1_000_000;
            cpuMs[run] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
            System.out.println("run " + (run + 1) + ": " + wallMs[run] + " ms wall, " + cpuMs[run] + " ms cpu");
        }
        if (!result.ok()) {
            System.out.println("the generated request is invalid:\n" + result.errorText());
            return;
        }
        System.out.println("request: " + text.length() + " bytes, "
                + result.service().modules().size() + " PMs, "
                + result.service().connections().size() + " connections");
        System.out.println("check wall: best " + best(wallMs) + " ms, median " + median(wallMs) + " ms; " + "cpu: best "
                + best(cpuMs) + " ms, median " + median(cpuMs) + " ms");
    }

    private static long best(long[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
