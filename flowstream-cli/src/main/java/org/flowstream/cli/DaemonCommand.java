package org.flowstream.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowstream.common.config.ConfigLoader;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.daemon.Daemon;
import org.flowstream.common.daemon.DaemonMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** flowstream daemon NAME: runs one daemon in the foreground until SIGTERM or Ctrl-C. */
@Command(
        name = "daemon",
        mixinStandardHelpOptions = true,
        description = "Run one daemon (resource, openflow, modulehost, monitoring) in the foreground until SIGTERM.")
final class DaemonCommand implements Callable<Integer> {

    /** Daemon name to class; each class has a public constructor taking the DaemonConfig. */
    static final Map<String, String> DAEMONS = Map.of(
            "resource", "org.flowstream.resource.ResourceDaemon",
            "openflow", "org.flowstream.openflow.OpenflowDaemon",
            "modulehost", "org.flowstream.modulehost.ModuleHostDaemon",
            "monitoring", "org.flowstream.monitoring.MonitoringDaemon");

    @Parameters(
            index = "0",
            description = "Which daemon: ${COMPLETION-CANDIDATES}",
            completionCandidates = DaemonNames.class)
    String name;

    @Option(
            names = {"-c", "--config"},
            description = "Configuration file (YAML or JSON).")
    Path config;

    @Option(names = "--port", description = "XML-RPC port (overrides the file).")
    Integer port;

    @Option(names = "--bind", description = "Address to listen on (overrides the file; default 127.0.0.1).")
    String bind;

    @Option(
            names = "--set",
            description = "Override any configuration key: --set scheduler.workers=2",
            paramLabel = "KEY=VALUE")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        String className = DAEMONS.get(name);
        if (className == null) {
            System.err.printf("unknown daemon '%s'; choose one of %s%n", name, DAEMONS.keySet());
            return 2;
        }
        Map<String, String> all = new LinkedHashMap<>(overrides);
        if (port != null) {
            all.put("port", port.toString());
        }
        if (bind != null) {
            all.put("bind", bind);
        }
        DaemonConfig daemonConfig = ConfigLoader.load(config, all);
        Daemon daemon;
        try {
            daemon = DaemonMain.instantiate(className, daemonConfig);
        } catch (ClassNotFoundException e) {
            System.err.printf("the %s daemon is not part of this build (%s missing)%n", name, className);
            return 2;
        }
        daemon.runUntilTerminated();
        return 0;
    }

    static final class DaemonNames extends java.util.TreeSet<String> {
        DaemonNames() {
            super(DAEMONS.keySet());
        }
    }
}
