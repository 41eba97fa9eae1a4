package org.flowstream.monitoring.sources;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.flowstream.common.config.DaemonConfig;

/**
 * The daemons the monitoring daemon calls, from the configuration's peers: "resource" and "openflow" by
 * their URLs, module hosts by the URLs list_hosts gives, with the "modulehost" peer's credentials (or the
 * resource peer's when there is none). Every call is bounded (see the constructor), so one dead daemon
 * holds a thread for a bounded time.
 */
public final class Peers {

    private final Map<String, DaemonConfig.Peer> configured;
    private final int timeoutMillis;
    private final CallObserver observer;
    private final Map<String, PeerClient> moduleHosts = new ConcurrentHashMap<>();
    private final Optional<PeerClient> resource;
    private final Optional<PeerClient> openflow;

    /**
     * @param pollTimeoutMillis the poller's deadline; the clients' own socket timeouts are set a little longer, as a
     *                          backstop that frees a thread the deadline already gave up on
     */
    public Peers(Map<String, DaemonConfig.Peer> configured, long pollTimeoutMillis, CallObserver observer) {
        this.configured = Map.copyOf(configured);
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE - 1_000, pollTimeoutMillis) + 500;
        this.observer = observer;
        this.resource = named("resource");
        this.openflow = named("openflow");
    }

    /** The resource daemon, or empty when the configuration names none. */
    public Optional<PeerClient> resource() {
        return resource;
    }

    /** The openflow daemon, or empty when the configuration names none. */
    public Optional<PeerClient> openflow() {
        return openflow;
    }

    private Optional<PeerClient> named(String name) {
        DaemonConfig.Peer peer = configured.get(name);
        if (peer == null || peer.url == null || peer.url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new PeerClient(
                name,
                URI.create(peer.url),
                peer.user,
                peer.password,
                Math.max(1, Math.min(timeoutMillis, peer.timeoutMillis)),
                observer));
    }

    /** A module host's daemon at the URL it registered with. */
    public PeerClient moduleHost(String url) {
        return moduleHosts.computeIfAbsent(url, u -> {
            DaemonConfig.Peer credentials =
                    configured.getOrDefault("modulehost", configured.getOrDefault("resource", new DaemonConfig.Peer()));
            return new PeerClient(
                    "modulehost", URI.create(u), credentials.user, credentials.password, timeoutMillis, observer);
        });
    }
}
