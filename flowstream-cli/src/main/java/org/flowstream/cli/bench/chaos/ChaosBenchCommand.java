package org.flowstream.cli.bench.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowstream.common.config.FlowstreamHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * bench chaos: SIGKILLs parts of the platform that {@code bin/flowstream up} runs (as root), under steady traffic
 * and installs and deletes, and prints what survived and how long healing took.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description =
                "Kill -9 a PM, a module host, the openflow and the resource daemon and Open vSwitch (ovs-vswitchd, ovsdb-server) in a seeded order under steady traffic, installs "
                        + "and deletes, against the platform 'up' runs; prints acknowledged vs active allocations, datagrams lost per allocation "
                        + "per fault (beside a round without fault), time to heal p50/p99 per kind of fault, and leftovers.")
public final class ChaosBenchCommand implements Callable<Integer> {

    @Option(names = "--rounds", description = "Rounds with a fault, after one without (default: ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(names = "--seed", description = "Seed of the fault schedule and targets (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = "--allocations",
            description = "Allocations carrying traffic during each round (default: ${DEFAULT-VALUE}).")
    int allocations = 2;

    @Option(
            names = "--stream-seconds",
            description =
                    "How long each allocation's traffic runs per round; the fault comes 2 s in (default: ${DEFAULT-VALUE}).")
    double streamSeconds = 14;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(FlowstreamHome.resolve("run/platform.json"))
                || !Files.isRegularFile(FlowstreamHome.resolve("run/credentials.env"))) {
            System.err.println(
                    "bench chaos runs against the platform on this machine: start it first with 'bin/flowstream up' (as root)");
            return 2;
        }
        if (rounds < 1 || allocations < 1) {
            System.err.println("--rounds and --allocations must be at least 1");
            return 2;
        }
        if (!(streamSeconds >= 4 && streamSeconds <= 600)) {
            System.err.println("--stream-seconds must be between 4 and 600: the fault comes 2 s into the stream");
            return 2;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "chaos");
        out.put("seed", seed);
        out.put("allocations", allocations);
        out.put("stream_seconds", streamSeconds);
        out.putAll(new ChaosBench(new ChaosPlatform(FlowstreamHome.path()), seed, rounds, allocations, streamSeconds)
                .run());
        out.put("target", "acknowledged_lost 0, no leftovers, every fault healed");
        System.out.println(
                json
                        ? new ObjectMapper().writeValueAsString(out)
                        : new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return 0;
    }
}
