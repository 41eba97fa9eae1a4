package org.flowstream.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.resource.bench.StandInHost;

/**
 * A module host and an openflow daemon that speak the real XML-RPC API but only keep files: one per PM in
 * state/pms, one per allocation's rules in state/rules. A test can then count exactly what exists. The module host
 * answers get_pm_info as a real one does (StandInHost.pmInfo).
 */
final class FakeDaemons {

    private FakeDaemons() {}

    static TestDaemon moduleHost(Path dir) throws Exception {
        return moduleHost(dir, 0);
    }

    /**
     * On a given port (0: any), so that a test can stop it and start it again where its peers look for it. Its
     * get_pm_info offers IPFilter and Counter of tiny sizes: capacity never limits a test about something else.
     */
    static TestDaemon moduleHost(Path dir, int port) throws Exception {
        TestDaemon d = TestDaemon.start(onPort(dir, port));
        d.writeTask("GetPmInfo", StandInHost.getPmInfoCommand("org.flowstream.tasks.test", StandInHost.TINY));
        d.writeTask("CreatePm", task("CreatePm", """
                PmRequest pm = Structs.fromStruct(param, PmRequest.class);
                Path file = dir(context, "pms").resolve(pm.name());
                Files.writeString(file, pm.config());
                return ReturnValue.success(StandInHost.started(pm, 100 + Math.abs(file.hashCode() % 1000)));
                """));
        d.writeTask("DeletePm", task("DeletePm", """
                Files.deleteIfExists(dir(context, "pms").resolve((String) ((java.util.Map<?, ?>) param).get("name")));
                return ReturnValue.success();
                """));
        d.writeTask("ListPms", task("ListPms", """
                try (var files = Files.list(dir(context, "pms"))) {
                    return ReturnValue.success(files.map(f -> StandInHost.listed(f.getFileName().toString())).toList());
                }
                """));
        return d;
    }

    static TestDaemon openflow(Path dir) throws Exception {
        return openflow(dir, 0);
    }

    static TestDaemon openflow(Path dir, int port) throws Exception {
        TestDaemon d = TestDaemon.start(onPort(dir, port));
        d.writeTask("CreateConnections", task("CreateConnections", """
                java.util.List<?> args = (java.util.List<?>) param;
                Object id = ((java.util.Map<?, ?>) args.get(2)).get("alloc_id");
                Files.writeString(dir(context, "rules").resolve(String.valueOf(id)), String.valueOf(args.get(2)));
                return ReturnValue.success();
                """));
        d.writeTask("DeleteConnections", task("DeleteConnections", """
                java.util.List<?> args = (java.util.List<?>) param;
                Object alloc = args.get(2); // the id alone, as the resource daemon sends it, or the wiring
                Object id = alloc instanceof java.util.Map<?, ?> wiring ? wiring.get("alloc_id") : alloc;
                Files.deleteIfExists(dir(context, "rules").resolve(String.valueOf(id)));
                return ReturnValue.success();
                """));
        return d;
    }

    private static org.flowstream.common.config.DaemonConfig onPort(Path dir, int port) {
        org.flowstream.common.config.DaemonConfig config = TestDaemon.config(dir);
        config.port = port;
        return config;
    }

    static List<String> files(TestDaemon d, String kind) throws IOException {
        Path dir = d.stateDir().resolve(kind);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static String task(String className, String body) {
        return """
                package org.flowstream.tasks.test;
                import java.nio.file.*;
                import org.flowstream.common.daemon.Daemon;
                import org.flowstream.common.rpc.ReturnValue;
                import org.flowstream.common.task.*;
                import org.flowstream.contracts.records.Structs;
                import org.flowstream.contracts.records.modulehost.*;
                import org.flowstream.resource.bench.StandInHost;
                public class %s implements Command {
                    public ReturnValue run(Object param, CallContext context) throws Exception {
                        %s
                    }
                    static Path dir(CallContext context, String kind) throws Exception {
                        return Files.createDirectories(context.daemon(Daemon.class).stateDir().resolve(kind));
                    }
                }
                """.formatted(className, body);
    }
}
