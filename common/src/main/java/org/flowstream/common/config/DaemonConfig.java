package org.flowstream.common.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.common.auth.UserAccount;

/**
 * A daemon's configuration file (YAML or JSON). Everything has a default, so an empty file runs a daemon on
 * loopback in development mode. Daemon-specific options live under {@code settings}.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public class DaemonConfig {

    /** Address to listen on. Loopback by default: exposing a daemon is a decision, not an accident. */
    public String bind = "127.0.0.1";
    /**
     * Further addresses to serve on, with the same port: e.g. loopback for local tools plus the address of a
     * management network that module hosts in their own network namespaces reach.
     */
    public List<String> alsoBind = new ArrayList<>();
    /** XML-RPC port; 0 picks a free one (tests). */
    public int port = 0;
    /** Root of the two-tier task directories (common/ and one per daemon). */
    public String tasksDir = FlowstreamHome.resolve("tasks").toString();
    /** Where the daemon keeps its state and logs. */
    public String stateDir = FlowstreamHome.resolve("run").toString();

    public Server server = new Server();
    public Scheduler scheduler = new Scheduler();
    /** Accounts allowed to call; empty means development mode (only on loopback). */
    public List<UserAccount> users = new ArrayList<>();
    /** Other daemons this one calls, by daemon name. */
    public Map<String, Peer> peers = new LinkedHashMap<>();
    /** Options of the particular daemon, read with {@link ConfigLoader#settings}. */
    public JsonNode settings = JsonNodeFactory.instance.objectNode();

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Server {
        /** Requests served at once; further requests wait in the queue. */
        public int threads = 32;
        /** Requests waiting for a thread (and connections waiting to be accepted) before new ones are turned away. */
        public int backlog = 1024;
        /** Largest request body accepted, in bytes; a larger one (declared or chunked) gets HTTP 413. */
        public int maxRequestBytes = 8 * 1024 * 1024;
        /** A request's line and headers must arrive within this time of the connection opening, or HTTP 408. */
        public int headerTimeoutMillis = 10_000;
        /** Its body must arrive within this time of its headers, or HTTP 408: a slow sender cannot hold on. */
        public int bodyTimeoutMillis = 30_000;
        /** A kept-alive connection with no new request for this long is closed. */
        public int idleTimeoutMillis = 60_000;
        /** Connections open at once from one client address; more are answered HTTP 503 and closed. */
        public int maxConnectionsPerClient = 128;
        /**
         * Connections open at once that have not yet sent valid credentials (all clients together); more are
         * answered HTTP 503 and closed. Authentication is checked from the headers, before any body is read.
         */
        public int maxUnauthenticatedConnections = 512;
        /** Java key store (PKCS12) for HTTPS; plain HTTP when empty. */
        public String tlsKeyStore = "";

        public String tlsKeyStorePassword = "";
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Scheduler {
        public int workers = 4;
        public int queueCapacity = 10_000;
        public int keepResults = 10_000;
    }

    /** How to reach another daemon. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Peer {
        public String url = "";
        public String user = "";
        public String password = "";
        public int timeoutMillis = 10_000;

        /** The daemon at {@code url}, called with this account (the default timeout). */
        public static Peer of(String url, String user, String password) {
            Peer peer = new Peer();
            peer.url = url;
            peer.user = user;
            peer.password = password;
            return peer;
        }
    }
}
