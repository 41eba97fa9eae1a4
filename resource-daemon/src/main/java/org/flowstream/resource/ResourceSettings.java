package org.flowstream.resource;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.resource.tenants.Quota;

/** The resource daemon's own options (the "settings" section of its configuration). */
@JsonIgnoreProperties(ignoreUnknown = false)
public class ResourceSettings {

    /** The platform switch, as the openflow daemon names it. */
    public String switchName = "br0";
    /** The OpenFlow table allocations' rules go to. */
    public int tableId = 0;
    /** The platform's I/O nodes: outside port name (what FromNet/ToNet name) to OpenFlow port number. */
    public Map<String, Integer> ioPorts = new LinkedHashMap<>();
    /**
     * A module host that has not heartbeated for this long is marked down (and failover moves its allocations).
     * Longer than a module host daemon's restart under load (14-24 s measured by bin/e2e_crash.py modulehosts):
     * a restarted daemon adopts its running PMs, which beats moving them; at 15 s a busy restart lost that race.
     */
    public int hostTimeoutSeconds = 30;
    /**
     * A host whose heartbeat is late is asked directly (a ping) before it is marked down; it has this long to
     * answer. A slow but living host (paused, overloaded, its heartbeat lost) answers and is not failed over; a
     * dead daemon refuses the connection at once.
     */
    public int hostProbeSeconds = 5;
    /** How often host liveness is checked (a normal-priority task). */
    public int hostCheckSeconds = 5;
    /**
     * When a module host is marked down, move its allocations to the hosts that are up (their PMs started
     * there, the switch rewired) instead of leaving them degraded until it returns.
     */
    public boolean failover = true;
    /**
     * How long a step keeps retrying, with growing pauses, a module host or the openflow daemon that does not
     * answer (restarting) before the step fails; a module host marked down ends the wait early.
     */
    public int peerRetrySeconds = 60;
    /**
     * migrate_flows: the old instance hands over its held packets once none of the moved flows has reached it for
     * this long after the switch took the new rules (the packets still in flight then have arrived).
     */
    public int migrationQuietMillis = 100;
    /**
     * How the platform moves flows between instances (migrate_flows without a mode, a scaling group's unit moves):
     * "phased" (§2.3.2: an idle phase with a daisy chain through the switch, then batches; each packet waits only
     * while its batch is copied) or "total_copy" (freeze every flow, copy, rewire, resume). docs/migration.md.
     */
    public String migrationMode = "phased";
    /**
     * A phased move: the idle phase's longest time, ms (it ends sooner once states stop expiring: at once when none
     * does). 2 s bounds what the phased move adds to a move; on §2.3.3's short flows it leaves about 2.5 % of them.
     */
    public int migrationMaxIdleMillis = 2_000;
    /**
     * A phased migrate_flows: the idle phase ends once fewer than this percentage of the states it started with
     * expire per second (0: it lasts migrationMaxIdleMillis).
     */
    public double migrationExpiryRatePercent = 2;
    /** A phased migrate_flows: the batches its states are copied in. */
    public int migrationBatches = 8;
    /** Base system used when a request has no BASESYS header. */
    public String defaultBaseSystem = "linux.netns";
    /** Seconds the placement engine may search for one allocation. */
    public double placementTimeLimitSeconds = 2;

    public Quotas quotas = new Quotas();

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Quotas {
        /** What every tenant may hold unless listed under tenants. */
        public Quota defaults = new Quota(16, 16384, 50);

        public Map<String, Quota> tenants = new LinkedHashMap<>();

        public Quota of(String tenant) {
            return tenants.getOrDefault(tenant, defaults);
        }
    }
}
