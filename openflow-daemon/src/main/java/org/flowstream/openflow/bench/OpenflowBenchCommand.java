package org.flowstream.openflow.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.flowstream.common.bench.BenchOutput;
import org.flowstream.common.ovs.OpenVswitch;
import org.flowstream.openflow.channel.OpenflowController;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.Rule;
import org.flowstream.openflow.rules.RuleManager;
import org.flowstream.openflow.rules.RuleStore;
import org.flowstream.openflow.rules.openflow.OpenflowSwitchDrivers;
import org.flowstream.openflow.switches.SwitchRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flowstream bench openflow}: installs N rules (10,000 by default) into a private Open vSwitch through
 * the daemon's rule manager (persisted, one batch of flow-mods, confirmed by a barrier), and the same rules
 * into a second bridge of the same switch with {@code ovs-ofctl add-flows} from a file, in the same run; prints
 * both rates and their ratio (target: at least 0.8). Then times a full reconciliation of the N rules, once
 * with the table in line and once after a tenth of them was deleted behind the daemon's back.
 */
@Command(
        name = "openflow",
        mixinStandardHelpOptions = true,
        description =
                "Rule installation rate of the openflow daemon against ovs-ofctl add-flows, and reconciliation time.")
public class OpenflowBenchCommand implements Callable<Integer> {

    @Option(names = "--rules", defaultValue = "10000", description = "rules to install (default ${DEFAULT-VALUE})")
    int rules;

    @Option(names = "--seed", defaultValue = "42", description = "seed for the rules' order (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--protocol",
            defaultValue = "OpenFlow13",
            description = "OpenFlow10 or OpenFlow13 (default ${DEFAULT-VALUE})")
    String protocol;

    @Mixin
    BenchOutput output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = output.out();
        if (!OpenVswitch.isInstalled()) {
            if (output.json()) {
                output.printJson(java.util.Map.of("error", OpenVswitch.whyNotInstalled()));
            } else {
                out.println(OpenVswitch.whyNotInstalled());
            }
            out.flush();
            return 2;
        }
        ObjectNode result = run();
        if (output.json()) {
            output.printJson(result);
        } else {
            out.printf(
                    "openflow bench: %d rules into Open vSwitch (%s)%n",
                    rules, result.get("openflow_version").asText());
            out.printf(
                    "  daemon (flow-mods + barrier): %.0f rules/s%n",
                    result.get("daemon_rules_per_sec").asDouble());
            out.printf(
                    "  ovs-ofctl add-flows:          %.0f rules/s%n",
                    result.get("ofctl_rules_per_sec").asDouble());
            out.printf(
                    "  ratio daemon/ovs-ofctl:       %.2f (target >= 0.8)%n",
                    result.get("ratio").asDouble());
            out.printf(
                    "  reconcile %d rules in line:    %d ms%n",
                    rules, result.get("reconcile_in_line_ms").asLong());
            out.printf(
                    "  reconcile after %d deleted:  %d ms%n",
                    result.get("reconcile_repaired").asInt(),
                    result.get("reconcile_repair_ms").asLong());
        }
        out.flush();
        return 0;
    }

    private ObjectNode run() throws Exception {
        Path tmp = Files.createTempDirectory("ofbench");
        try (OpenVswitch ovs = OpenVswitch.start()) {
            Path socket = ovs.runDir()
                    .resolve("bench-ctl.sock"); // Open vSwitch only connects to sockets in its run directory
            SwitchRegistry switches = new SwitchRegistry();
            RuleManager manager = new RuleManager(
                    new OpenflowSwitchDrivers(switches, Duration.ofMinutes(5)),
                    new RuleStore(tmp.resolve("rules.json")));
            try (OpenflowController controller = new OpenflowController(switches, Duration.ofSeconds(5))) {
                controller.listenUnix(socket);
                String warm = bridge(ovs, "ofw", socket);
                String viaDaemon = bridge(ovs, "ofd", socket);
                String viaOfctl = bridge(ovs, "ofo", null);
                awaitConnected(switches, manager, warm);
                awaitConnected(switches, manager, viaDaemon);

                // The daemon runs for months: warm its code paths first, as ovs-ofctl (native code) needs no warming.
                manager.change(warm, generate(Math.min(rules, 2000), seed + 1), List.of());

                List<Rule> set = generate(rules, seed);
                long t0 = System.nanoTime();
                RuleManager.ChangeResult change = manager.change(viaDaemon, set, List.of());
                double daemonSeconds = (System.nanoTime() - t0) / 1e9;
                if (!change.applied()) {
                    throw new IllegalStateException("the daemon did not install the rules: " + change.message());
                }

                Path file = tmp.resolve("flows.txt");
                List<String> lines = new ArrayList<>(set.size());
                for (Rule r : set) {
                    lines.add("cookie=%s,table=%d,priority=%d,%s,actions=%s"
                            .formatted(
                                    Cookies.hex(r.cookie()),
                                    r.table(),
                                    r.priority(),
                                    r.match(),
                                    String.join(",", r.actions())));
                }
                Files.write(file, lines);
                long t1 = System.nanoTime();
                ovs.ofctl("-O", protocol, "add-flows", viaOfctl, file.toString());
                double ofctlSeconds = (System.nanoTime() - t1) / 1e9;

                int inDaemonBridge = countFlows(ovs, viaDaemon);
                int inOfctlBridge = countFlows(ovs, viaOfctl);
                if (inDaemonBridge != rules || inOfctlBridge != rules) {
                    throw new IllegalStateException(
                            "expected %d flows in each bridge, found %d (daemon) and %d (ovs-ofctl)"
                                    .formatted(rules, inDaemonBridge, inOfctlBridge));
                }

                RuleManager.ReconcileReport inLine = manager.reconcile(viaDaemon);
                // Behind the daemon's back: delete every rule for 10.0.0.0/22 (1,024 rules, or all when fewer).
                ovs.ofctl("-O", protocol, "del-flows", viaDaemon, "ip,nw_dst=10.0.0.0/22");
                RuleManager.ReconcileReport repair = manager.reconcile(viaDaemon);
                if (countFlows(ovs, viaDaemon) != rules) {
                    throw new IllegalStateException("reconciliation did not restore the table");
                }

                ObjectNode o = RuleStore.json().createObjectNode();
                o.put("bench", "openflow");
                o.put("rules", rules);
                o.put("seed", seed);
                o.put(
                        "openflow_version",
                        switches.get(viaDaemon).orElseThrow().version().toString());
                o.put("daemon_seconds", round(daemonSeconds));
                o.put("ofctl_seconds", round(ofctlSeconds));
                o.put("daemon_rules_per_sec", Math.round(rules / daemonSeconds));
                o.put("ofctl_rules_per_sec", Math.round(rules / ofctlSeconds));
                o.put("ratio", round(ofctlSeconds / daemonSeconds));
                o.put("target_ratio", 0.8);
                o.put("reconcile_in_line_ms", inLine.millis());
                o.put("reconcile_repair_ms", repair.millis());
                o.put("reconcile_repaired", repair.added());
                o.put("baseline", "ovs-ofctl -O " + protocol + " add-flows FILE, same switch, same run");
                return o;
            } finally {
                manager.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String bridge(OpenVswitch ovs, String prefix, Path controllerSocket) {
        String name = OpenVswitch.randomName(prefix);
        ovs.addBridge(name);
        ovs.setProtocols(name, protocol);
        if (controllerSocket != null) {
            ovs.setController(name, "unix:" + controllerSocket);
        }
        return name;
    }

    private static void awaitConnected(SwitchRegistry switches, RuleManager manager, String bridge)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (switches.get(bridge).isEmpty() || manager.lastReconcile(bridge).isEmpty()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("bridge " + bridge + " did not connect to the controller within 60 s");
            }
            Thread.sleep(50);
        }
    }

    /** N distinct /32 destinations from 10.0.0.0 on, in an order fixed by the seed. */
    static List<Rule> generate(int n, long seed) {
        List<Rule> list = new ArrayList<>(n);
        long cookie = Cookies.cookie(Cookies.OwnerKind.BENCH, seed & 0xFFFF);
        for (int i = 0; i < n; i++) {
            String ip = "10.%d.%d.%d".formatted((i >> 16) & 255, (i >> 8) & 255, i & 255);
            list.add(Rule.of(0, 1000, "ip,in_port=1,nw_dst=" + ip, List.of("output:2"), cookie));
        }
        java.util.Collections.shuffle(list, new Random(seed));
        return list;
    }

    private int countFlows(OpenVswitch ovs, String bridge) {
        return (int) ovs.ofctl("--no-stats", "-O", protocol, "dump-flows", bridge)
                .lines()
                .filter(l -> l.contains("actions="))
                .count();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
