package org.flowstream.modulehost.pm;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One PM on this host: what was asked for, how it runs, and how it is doing. */
public final class PmInstance {

    private final PmSpec spec;
    private final String id;
    private final Instant created = Instant.now();
    private volatile PmHandle handle;
    private volatile PmState state = PmState.STARTING;
    private volatile Integer exitCode;
    private volatile String failure = "";

    PmInstance(PmSpec spec, String id) {
        this.spec = spec;
        this.id = id;
    }

    public PmSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public String id() {
        return id;
    }

    public PmState state() {
        return state;
    }

    public Integer exitCode() {
        return exitCode;
    }

    public String failure() {
        return failure;
    }

    public PmHandle handle() {
        return handle;
    }

    void attach(PmHandle handle) {
        this.handle = handle;
    }

    void running() {
        if (state == PmState.STARTING) {
            state = PmState.RUNNING;
        }
    }

    void stopping() {
        state = PmState.STOPPING;
    }

    /** The process ended on its own (or at start-up). */
    synchronized boolean failed(int code, String details) {
        if (state == PmState.STOPPING || state == PmState.FAILED) {
            return false;
        }
        state = PmState.FAILED;
        exitCode = code;
        failure = details;
        return true;
    }

    /** The struct list_pms and create_pm answer with. */
    public Map<String, Object> toStruct(boolean withStats) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", spec.name());
        s.put("id", id);
        s.put("basesys", spec.basesys());
        s.put("state", state.wireName());
        s.put("created", created.toString());
        PmHandle h = handle;
        if (h != null) {
            s.put("pid", (int) h.pid());
            s.put("namespace", h.location());
            s.put("ports", h.ports().stream().map(p -> p.toStruct()).toList());
            s.put("limits", h.limits());
        }
        s.put("memory_mb", spec.memoryMb());
        s.put("cpu_percent", spec.cpuPercent());
        if (exitCode != null) {
            s.put("exit_code", exitCode);
            s.put("failure", failure);
        }
        if (withStats && h != null) {
            Map<String, Object> stats = h.stats();
            s.put(
                    "stats",
                    Map.of(
                            "ports",
                            stats.getOrDefault("ports", Map.of()),
                            "elements",
                            stats.getOrDefault("elements", Map.of())));
            s.put("usage", h.usage());
        }
        return s;
    }
}
