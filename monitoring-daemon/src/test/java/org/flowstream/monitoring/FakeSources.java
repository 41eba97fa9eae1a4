package org.flowstream.monitoring;

import java.nio.file.Path;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.resource.bench.StandInHost;

/**
 * Small real daemons (TestDaemon, real XML-RPC on loopback) that answer the commands the monitoring daemon
 * and the resource daemon call, in the shapes the module host and openflow daemons use. Task files are
 * compiled alone, so the PMs a module host runs are shared between its commands as files in its state dir.
 */
final class FakeSources {

    static final int PM_RX_PACKETS = 100;
    static final int PM_RX_BYTES = 6_400;
    static final int PM_TX_PACKETS = 90;
    static final int PM_TX_BYTES = 5_760;
    static final double HOST_CPU_CORES = 4.0;
    static final int HOST_MEMORY_MB = 4_096;

    private FakeSources() {}

    /**
     * A module host: get_pm_info (IPFilter and Counter of their typical sizes), create_pm, delete_pm, list_pms,
     * get_load; get_load sleeps {@code getLoadDelayMillis} first.
     */
    static TestDaemon moduleHost(Path dir, String hostName, long getLoadDelayMillis) throws Exception {
        TestDaemon daemon = TestDaemon.start(dir);
        daemon.writeTask("GetPmInfo", StandInHost.getPmInfoCommand("org.flowstream.tasks.test", StandInHost.TYPICAL));
        daemon.writeTask("CreatePm", """
                package org.flowstream.tasks.test;
                import java.nio.file.*;
                import java.util.*;
                import org.flowstream.common.daemon.Daemon;
                import org.flowstream.common.rpc.*;
                import org.flowstream.common.task.*;
                import org.flowstream.contracts.records.Structs;
                import org.flowstream.contracts.records.modulehost.PmRequest;
                import org.flowstream.resource.bench.StandInHost;
                public class CreatePm implements Command {
                    public ReturnValue run(Object param, CallContext context) throws Exception {
                        PmRequest pm = Structs.fromStruct(param, PmRequest.class);
                        int ports = pm.ports() == null ? 2 : pm.ports();
                        Path dir = context.daemon(Daemon.class).stateDir().resolve("pms");
                        Files.createDirectories(dir);
                        int base;
                        try (var files = Files.list(dir)) { base = 10 + 10 * (int) files.count(); }
                        Files.writeString(dir.resolve(pm.name()), String.valueOf(ports));
                        return ReturnValue.success(StandInHost.started(pm, base));
                    }
                }
                """);
        daemon.writeTask("DeletePm", """
                package org.flowstream.tasks.test;
                import java.nio.file.*;
                import java.util.*;
                import org.flowstream.common.daemon.Daemon;
                import org.flowstream.common.rpc.*;
                import org.flowstream.common.task.*;
                public class DeletePm implements Command {
                    public ReturnValue run(Object param, CallContext context) throws Exception {
                        String name = Params.string(Params.struct(param, "pm").get("name"), "pm.name");
                        Files.deleteIfExists(context.daemon(Daemon.class).stateDir().resolve("pms").resolve(name));
                        return ReturnValue.success();
                    }
                }
                """);
        daemon.writeTask("ListPms", """
                package org.flowstream.tasks.test;
                import java.nio.file.*;
                import java.util.*;
                import org.flowstream.common.daemon.Daemon;
                import org.flowstream.common.rpc.*;
                import org.flowstream.common.task.*;
                import org.flowstream.resource.bench.StandInHost;
                public class ListPms implements Command {
                    public ReturnValue run(Object param, CallContext context) throws Exception {
                        Path dir = context.daemon(Daemon.class).stateDir().resolve("pms");
                        List<Object> pms = new ArrayList<>();
                        if (Files.isDirectory(dir)) {
                            try (var files = Files.list(dir)) {
                                for (Path f : files.sorted().toList()) pms.add(StandInHost.listed(f.getFileName().toString()));
                            }
                        }
                        return ReturnValue.success(pms);
                    }
                }
                """);
        daemon.writeTask("GetLoad", """
                package org.flowstream.tasks.test;
                import java.nio.file.*;
                import java.util.*;
                import org.flowstream.common.daemon.Daemon;
                import org.flowstream.common.rpc.*;
                import org.flowstream.common.task.*;
                public class GetLoad implements Command {
                    public ReturnValue run(Object param, CallContext context) throws Exception {
                        Thread.sleep(%dL);
                        Path dir = context.daemon(Daemon.class).stateDir().resolve("pms");
                        List<Object> pms = new ArrayList<>();
                        if (Files.isDirectory(dir)) {
                            try (var files = Files.list(dir)) {
                                for (Path f : files.sorted().toList()) {
                                    int count = Integer.parseInt(Files.readString(f).trim());
                                    Map<String, Object> ports = new LinkedHashMap<>();
                                    for (int i = 0; i < count; i++) {
                                        boolean in = i == 0, out = i == count - 1; // traffic enters at p0 and leaves at the last port
                                        ports.put("p" + i, Map.of("rx_packets", in ? %d : 0, "rx_bytes", in ? %d : 0,
                                                "tx_packets", out ? %d : 0, "tx_bytes", out ? %d : 0, "tx_errors", 0));
                                    }
                                    pms.add(Map.of("name", f.getFileName().toString(), "state", "running", "cpu_seconds", 1.5,
                                            "rss_bytes", 2097152, "memory_bytes", 1048576, "ports", ports));
                                }
                            }
                        }
                        Map<String, Object> load = new LinkedHashMap<>();
                        load.put("host", "%s");
                        load.put("cpu_cores", %s);
                        load.put("load_average_1m", 0.5);
                        load.put("memory_total_mb", %d);
                        load.put("memory_available_mb", 2048);
                        load.put("cpu_percent_reserved", 0);
                        load.put("memory_mb_reserved", 0);
                        load.put("pm_startup", Map.of("mode", "fast", "aot_cache", "ready"));
                        load.put("pms", pms);
                        return ReturnValue.success(load);
                    }
                }
                """.formatted(
                        getLoadDelayMillis,
                        PM_RX_PACKETS,
                        PM_RX_BYTES,
                        PM_TX_PACKETS,
                        PM_TX_BYTES,
                        hostName,
                        HOST_CPU_CORES,
                        HOST_MEMORY_MB));
        return daemon;
    }

    /** Rule counters the fake openflow daemon reports for an allocation. */
    static int allocationPackets(int allocId) {
        return 1_000 * allocId;
    }

    static int allocationBytes(int allocId) {
        return 64_000 * allocId;
    }

    /** An openflow daemon with switch br0: create/delete_connections, get_flow_stats, list_switches, get_port_stats. */
    static TestDaemon openflow(Path dir) throws Exception {
        TestDaemon daemon = TestDaemon.start(dir);
        for (String name : new String[] {"CreateConnections", "DeleteConnections"}) {
            daemon.writeTask(name, """
                    package org.flowstream.tasks.test;
                    import org.flowstream.common.rpc.*;
                    import org.flowstream.common.task.*;
                    public class %s implements Command {
                        public ReturnValue run(Object param, CallContext context) {
                            return ReturnValue.success();
                        }
                    }
                    """.formatted(name));
        }
        daemon.writeTask("GetFlowStats", """
                package org.flowstream.tasks.test;
                import java.util.*;
                import org.flowstream.common.rpc.*;
                import org.flowstream.common.task.*;
                import org.flowstream.contracts.records.openflow.*;
                public class GetFlowStats implements Command {
                    public ReturnValue run(Object param, CallContext context) {
                        int id = Params.integer(param, "alloc_id");
                        RuleCounters rule = new RuleCounters(0, 100, "ip,in_port=1,nw_src=10.0.0.1", "output:10",
                                "0xf5" + id, "allocation " + id, "br0", 1000L * id, 64000L * id, 3);
                        FlowStats stats = new FlowStats(id, "allocation " + id, "0xf5" + id, 1000L * id, 64000L * id,
                                List.of(rule), "2026-01-01T00:00:00Z");
                        return ReturnValue.success(stats);
                    }
                }
                """);
        daemon.writeTask("ListSwitches", """
                package org.flowstream.tasks.test;
                import java.util.*;
                import org.flowstream.common.rpc.*;
                import org.flowstream.common.task.*;
                import org.flowstream.contracts.records.openflow.*;
                public class ListSwitches implements Command {
                    public ReturnValue run(Object param, CallContext context) {
                        return ReturnValue.success(
                                List.of(new SwitchListing("br0", null, null, null, true, null, null, 1, null)));
                    }
                }
                """);
        daemon.writeTask("GetPortStats", """
                package org.flowstream.tasks.test;
                import java.util.*;
                import org.flowstream.common.rpc.*;
                import org.flowstream.common.task.*;
                import org.flowstream.contracts.records.openflow.*;
                public class GetPortStats implements Command {
                    public ReturnValue run(Object param, CallContext context) {
                        String sw = Params.string(param, "switch");
                        return ReturnValue.success(new PortStats(sw, "2026-01-01T00:00:00Z", List.of(
                                new SwitchPortCounters("1", 5, 6, 7, 8, 0, 0, 0, 0))));
                    }
                }
                """);
        return daemon;
    }
}
