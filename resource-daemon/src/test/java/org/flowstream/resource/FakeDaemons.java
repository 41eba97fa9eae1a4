package org.flowstream.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flowstream.common.testing.TestDaemon;

/**
 * A module host and an openflow daemon that speak the real XML-RPC API but only keep files: one per PM in
 * state/pms, one per allocation's rules in state/rules. A test can then count exactly what exists.
 */
final class FakeDaemons {

    private FakeDaemons() {}

    static TestDaemon moduleHost(Path dir) throws Exception {
        return moduleHost(dir, 0);
    }

    /** On a given port (0: any), so that a test can stop it and start it again where its peers look for it. */
    static TestDaemon moduleHost(Path dir, int port) throws Exception {
        TestDaemon d = TestDaemon.start(onPort(dir, port));
        d.writeTask("CreatePm", task("CreatePm", """
                java.util.Map<?, ?> pm = (java.util.Map<?, ?>) param;
                Path file = dir(context, "pms").resolve((String) pm.get("name"));
                Files.writeString(file, String.valueOf(pm.get("config")));
                return ReturnValue.success(org.flowstream.contracts.records.Structs.toStruct(described(file, (Integer) pm.get("ports"))));
                """));
        d.writeTask("DeletePm", task("DeletePm", """
                Files.deleteIfExists(dir(context, "pms").resolve((String) ((java.util.Map<?, ?>) param).get("name")));
                return ReturnValue.success();
                """));
        d.writeTask("ListPms", task("ListPms", """
                try (var files = Files.list(dir(context, "pms"))) {
                    return ReturnValue.success(org.flowstream.contracts.records.Structs.toArray(files.map(f -> described(f, 1)).toList()));
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
                Object id = ((java.util.Map<?, ?>) args.get(2)).get("alloc_id");
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
                public class %s implements Command {
                    public ReturnValue run(Object param, CallContext context) throws Exception {
                        %s
                    }
                    static Path dir(CallContext context, String kind) throws Exception {
                        return Files.createDirectories(context.daemon(Daemon.class).stateDir().resolve(kind));
                    }
                    /** A running PM as create_pm and list_pms describe it: its file is all it is. */
                    static org.flowstream.contracts.records.modulehost.PmDescription described(Path file, int portCount) {
                        String name = file.getFileName().toString();
                        java.util.List<org.flowstream.contracts.records.modulehost.PmPortDescription> ports = new java.util.ArrayList<>();
                        for (int i = 0; i < portCount; i++) {
                            ports.add(new org.flowstream.contracts.records.modulehost.PmPortDescription(
                                    "p" + i, "fake" + i, 100 + Math.floorMod(name.hashCode(), 1000) + i, "02:00:00:00:00:0" + i));
                        }
                        return new org.flowstream.contracts.records.modulehost.PmDescription(
                                name, "0abcde", "linux.netns", "running", "2026-01-01T00:00:00Z", 1, "fspm-0abcde", ports,
                                null, 128, 100, null, null, null, null);
                    }
                }
                """.formatted(className, body);
    }
}
