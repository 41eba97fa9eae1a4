package org.flowstream.cli.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration file of each daemon of a local platform (JSON, which every YAML reader reads), so that
 * an operator can read what up chose and start a daemon by hand with the same file.
 */
final class DaemonConfigs {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The resource daemon's scheduler workers (the default is 4). An install or delete task holds a worker while it
     * waits for module hosts and the openflow daemon, so with 4 the fifth of 8 concurrent tenants' installs waited for
     * a whole install, and their deletes for the installs (0.5-2.5 s in bench activate's log lines, "waited for a
     * worker"); 16 lets 8 tenants' installs and deletes run at once. CPU is the module hosts' to share out.
     */
    static final int RESOURCE_WORKERS = 16;

    private DaemonConfigs() {}

    static Path write(PlatformLayout layout, PlatformLayout.DaemonSpec daemon, Credentials credentials)
            throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bind", daemon.address());
        if (daemon.namespace().isEmpty()) {
            config.put("alsoBind", List.of(layout.management().controllerAddress())); // where module hosts reach it
        }
        config.put("port", daemon.port());
        config.put("stateDir", layout.stateDir(daemon).toString());
        if (daemon.kind().equals("resource")) {
            config.put("scheduler", Map.of("workers", RESOURCE_WORKERS));
        }
        PlatformAccounts accounts = new PlatformAccounts(credentials);
        config.put("users", accounts.users(layout, daemon));
        config.put("peers", peers(layout, daemon, accounts));
        config.put("settings", settings(layout, daemon));
        Path file = layout.configFile(daemon);
        PrivateFiles.write(
                file, JSON.writeValueAsBytes(config)); // it holds passwords: up gives it to the daemon's user
        return file;
    }

    /**
     * One peer entry per other kind of daemon, with the URL under which this daemon reaches it. The resource and
     * monitoring daemons find module hosts through their registrations and use the "modulehost" entry (the
     * first module host) for its credentials only.
     */
    private static Map<String, Object> peers(
            PlatformLayout layout, PlatformLayout.DaemonSpec daemon, PlatformAccounts accounts) {
        Map<String, Object> peers = new LinkedHashMap<>();
        for (PlatformLayout.DaemonSpec other : layout.daemons()) {
            if (!other.kind().equals(daemon.kind()) && !peers.containsKey(other.kind())) {
                Map<String, Object> peer = new LinkedHashMap<>();
                peer.put("url", layout.urlSeenFrom(daemon, other));
                peer.putAll(accounts.peerLogin(daemon));
                peers.put(other.kind(), peer);
            }
        }
        return peers;
    }

    private static Map<String, Object> settings(PlatformLayout layout, PlatformLayout.DaemonSpec daemon) {
        Map<String, Object> s = new LinkedHashMap<>();
        switch (daemon.kind()) {
            case "openflow" -> {
                s.put("listenAddress", "127.0.0.1");
                s.put("listenPort", layout.openflowPort());
                s.put("statsIntervalMillis", 2000);
            }
            case "resource" -> {
                s.put("switchName", layout.bridge());
                Map<String, Integer> io = new LinkedHashMap<>();
                layout.trafficHosts().forEach(h -> io.put(h.name(), h.ofport()));
                s.put("ioPorts", io);
            }
            case "modulehost" -> {
                s.put("bridge", layout.bridge());
                s.put("ovsDb", "unix:" + layout.ovsDir().resolve("db.sock"));
                s.put("ovsRunDir", layout.ovsDir().toString());
                s.put("switchNetns", layout.management().switchNamespace());
                s.put("hostName", daemon.hostName());
                s.put("heartbeatSeconds", 2);
                // A warm pool of pre-started PM runtimes (the daemon's defaults: 2 per memory size, 128 and 256 MB):
                // a PM starts in a fraction of the time a JVM takes; the daemon itself defaults to fast, so its tests
                // start no pool they do not ask for.
                s.put("pmStartup", "pooled");
            }
            default -> {}
        }
        return s;
    }
}
