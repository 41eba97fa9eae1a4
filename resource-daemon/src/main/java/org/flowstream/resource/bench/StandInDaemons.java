package org.flowstream.resource.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.daemon.PlainDaemon;

/**
 * A module host and an openflow daemon for the install_allocation benchmark that answer every call at once
 * over real XML-RPC, so that the figures measure the resource daemon itself and not the starting of PM
 * processes (which bench pm measures) or switch rules (bench openflow). The stand-in module host answers
 * get_pm_info ({@link StandInHost#pmInfo}, IPFilter and Counter of their typical sizes), reads create_pm's request
 * and answers the PM struct with the same records the real one uses ({@link StandInHost#started}).
 */
final class StandInDaemons implements AutoCloseable {

    static final String USER = "bench-operator";
    static final String PASSWORD = "bench-operator-password";

    final PlainDaemon moduleHost;
    final PlainDaemon openflow;

    StandInDaemons(Path dir) throws Exception {
        moduleHost = start(
                "modulehost",
                dir,
                List.of(
                        command(
                                "CreatePm",
                                "return ReturnValue.success(StandInHost.started(Structs.fromStruct(param, PmRequest.class), 10));"),
                        command("DeletePm", "return ReturnValue.success();"),
                        new String[] {
                            "GetPmInfo",
                            StandInHost.getPmInfoCommand("org.flowstream.tasks.standin", StandInHost.TYPICAL)
                        },
                        command("ListPms", "return ReturnValue.success(java.util.List.of());")));
        openflow = start(
                "openflow",
                dir,
                List.of(
                        command("CreateConnections", "return ReturnValue.success();"),
                        command("DeleteConnections", "return ReturnValue.success();")));
    }

    private static PlainDaemon start(String name, Path dir, List<String[]> commands) throws Exception {
        Path tasks = dir.resolve(name + "-tasks");
        Files.createDirectories(tasks.resolve(name));
        Files.createDirectories(tasks.resolve("common"));
        Files.writeString(
                tasks.resolve("common/Ping.java"), command("Ping", "return ReturnValue.success(\"pong\", param);")[1]);
        for (String[] c : commands) {
            Files.writeString(tasks.resolve(name).resolve(c[0] + ".java"), c[1]);
        }
        DaemonConfig config = new DaemonConfig();
        config.tasksDir = tasks.toString();
        config.stateDir = dir.resolve(name + "-state").toString();
        config.users = List.of(new UserAccount(USER, PASSWORD, Role.OPERATOR));
        config.server.threads = 64;
        PlainDaemon daemon = new PlainDaemon(name, config);
        daemon.start();
        return daemon;
    }

    private static String[] command(String className, String body) {
        return new String[] {className, """
                package org.flowstream.tasks.standin;
                import org.flowstream.common.rpc.ReturnValue;
                import org.flowstream.common.task.*;
                import org.flowstream.contracts.records.Structs;
                import org.flowstream.contracts.records.modulehost.*;
                import org.flowstream.resource.bench.StandInHost;
                public class %s implements Command {
                    public ReturnValue run(Object param, CallContext context) {
                        %s
                    }
                }
                """.formatted(className, body)};
    }

    @Override
    public void close() throws IOException {
        moduleHost.stop();
        openflow.stop();
    }
}
