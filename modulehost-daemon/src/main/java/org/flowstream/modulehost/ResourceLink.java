package org.flowstream.modulehost;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.DaemonUnreachableException;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.modulehost.HostRegistration;
import org.flowstream.contracts.records.modulehost.PmFailure;
import org.flowstream.modulehost.pm.PmInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The module host's calls to the resource daemon (the peer named "resource" in the configuration; without one
 * the host runs stand-alone and these calls are skipped):
 * <ul>
 *   <li>{@code register_host(host)} at start and until it succeeds: {name, url, basesys: [..], cpu_cores,
 *       memory_mb, bridge, switch_ports: [..], isolation};</li>
 *   <li>{@code host_heartbeat(load)} every heartbeatSeconds: the get_load struct;</li>
 *   <li>{@code pm_failed(report)} when a PM dies on its own: {host, name, state: "failed", exit_code, failure}.</li>
 * </ul>
 * All calls run on a thread of their own and never hold up the daemon; failures are logged.
 */
final class ResourceLink {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceLink.class);

    private final ModuleHostDaemon daemon;
    private final DaemonClient resource;
    private final int heartbeatSeconds;
    private final ScheduledExecutorService executor;
    private volatile boolean registered;

    ResourceLink(ModuleHostDaemon daemon, DaemonConfig.Peer peer, int heartbeatSeconds) {
        this.daemon = daemon;
        this.resource = peer == null || peer.url.isEmpty() ? null : DaemonClient.of(peer);
        this.heartbeatSeconds = Math.max(1, heartbeatSeconds);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "modulehost-resource-link");
            t.setDaemon(true);
            return t;
        });
    }

    boolean configured() {
        return resource != null;
    }

    boolean registered() {
        return registered;
    }

    void start() {
        if (resource == null) {
            LOG.info("no resource daemon configured (peers.resource): running stand-alone, not registering");
            return;
        }
        executor.execute(() -> {
            // The daemon's URL exists once its server runs, which is just after onStart.
            while (!daemon.isRunning() && !executor.isShutdown()) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
            beat();
        });
        executor.scheduleWithFixedDelay(this::beat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
    }

    private void beat() {
        try {
            if (!registered) {
                ReturnValue answer = resource.call("register_host", registration());
                registered = answer.isSuccess();
                if (!registered) {
                    LOG.warn("the resource daemon at {} refused register_host: {}", resource.url(), answer.message());
                }
                return;
            }
            ReturnValue answer = resource.call("host_heartbeat", HostLoadReader.of(daemon));
            if (answer.isFailure()) {
                LOG.debug("host_heartbeat answered: {}", answer.message());
            }
        } catch (DaemonUnreachableException e) {
            registered = false; // register again when it is back: it may have restarted without us
            LOG.warn("resource daemon unreachable: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("heartbeat failed", e);
        }
    }

    HostRegistration registration() {
        return new HostRegistration(
                daemon.hostName(),
                daemon.url().toString(),
                daemon.baseSystems().names(),
                daemon.cpuCores(),
                daemon.memoryMb(),
                daemon.settings().bridge,
                daemon.settings().switchPorts,
                daemon.isolation().mechanism()); // the resource daemon reads the PM types from get_pm_info
    }

    void pmFailed(PmInstance pm) {
        if (resource == null) {
            return;
        }
        PmFailure report =
                new PmFailure(daemon.hostName(), pm.name(), pm.state().wireName(), pm.exitCode(), pm.failure());
        executor.execute(() -> {
            try {
                ReturnValue answer = resource.call("pm_failed", report);
                if (answer.isFailure()) {
                    LOG.warn("the resource daemon did not take the failure of PM {}: {}", pm.name(), answer.message());
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot report the failure of PM {}: {}", pm.name(), e.getMessage());
            }
        });
    }

    void stop() {
        executor.shutdownNow();
    }
}
