package org.flowstream.modulehost.ownership;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.modulehost.net.OvsBridge;
import org.flowstream.modulehost.net.PmNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the PM networks this module host owns but no PM claims: the claims left by a daemon that was killed or
 * whose clean-up failed half-way (their processes are stopped, their namespace, veths and switch ports removed,
 * then the claim released), and switch ports tagged with this host's owner that no claim names (a claim lost with
 * a half-written state directory). Runs at start, after the PMs of a previous run were adopted, and then every
 * {@code periodSeconds} while claims wait for their clean-up. Never touches a namespace or port it has no claim
 * or tag for: another platform's or a test's.
 */
public final class NetworkSweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkSweeper.class);

    private final NetworkClaims claims;
    private final Supplier<Set<String>> liveIds;
    private ScheduledExecutorService timer;

    /** @param liveIds the ids of the PMs this host runs or is starting (their networks are in use) */
    public NetworkSweeper(NetworkClaims claims, Supplier<Set<String>> liveIds) {
        this.claims = claims;
        this.liveIds = liveIds;
    }

    /** Sweeps now and then every {@code periodSeconds} (only claims no PM uses cost more than a directory read). */
    public synchronized void start(int periodSeconds) {
        sweep();
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("network-sweeper").daemon().factory());
        timer.scheduleWithFixedDelay(this::sweepQuietly, periodSeconds, periodSeconds, TimeUnit.SECONDS);
    }

    /**
     * Removes what this host owns and no PM claims.
     *
     * @return the ids of the networks whose claim was released
     */
    public synchronized List<String> sweep() {
        // Read in the order things are made, newest last, so that a PM starting meanwhile is never taken for a
        // leftover: a PM joins the live set before it claims its network, and claims it before it makes a port.
        // Reading the live set first (as before) let a PM that started between the reads lose its network.
        List<String> tagged = claims.switchPorts().portsTagged(OvsBridge.OWNER_KEY, claims.owner());
        List<NetworkClaims.Claim> claimed = claims.all();
        Set<String> live = liveIds.get();
        List<String> released = new ArrayList<>();
        Set<String> claimedInterfaces = new HashSet<>();
        for (NetworkClaims.Claim claim : claimed) {
            claimedInterfaces.addAll(claim.interfaces());
            if (live.contains(claim.id())) {
                continue;
            }
            remove(claim);
            if (claims.releaseIfGone(claim.id())) {
                released.add(claim.id());
                LOG.info(
                        "removed PM network {} ({}), which this host owned and no PM used",
                        claim.id(),
                        claim.namespace());
            }
        }
        for (String port : tagged) {
            if (!claimedInterfaces.contains(port)) {
                claims.switchPorts().deletePorts(List.of(port));
                IpCommand.tryRun(claims.switchPorts().ipInSwitchNamespace("link", "delete", port));
                LOG.info("removed switch port {}, tagged as this host's but claimed by no PM network", port);
            }
        }
        return released;
    }

    private void remove(NetworkClaims.Claim claim) {
        if (PmNetwork.namespaceExists(claim.namespace())) {
            // A PM process still in it was started by this host and is wanted by nobody now.
            for (String pid : IpCommand.tryRun(List.of("ip", "netns", "pids", claim.namespace()))
                    .output()
                    .split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
                        p.destroyForcibly();
                        p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join();
                    });
                }
            }
        }
        PmNetwork.deleteLeftover(claim.id(), claim.interfaces().size(), claims.switchPorts());
    }

    private void sweepQuietly() {
        try {
            Set<String> live = liveIds.get();
            if (claims.all().stream().anyMatch(c -> !live.contains(c.id()))) {
                sweep(); // only when a claim waits: a host with only running PMs costs a directory read
            }
        } catch (RuntimeException e) {
            LOG.warn("sweeping PM networks failed (tried again in a while): {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
