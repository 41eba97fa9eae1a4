package org.flowstream.modulehost.pm;

import java.time.Instant;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.EnforcedLimits;
import org.flowstream.contracts.records.modulehost.PmDescription;
import org.flowstream.contracts.records.modulehost.PmStats;
import org.flowstream.contracts.records.modulehost.PmUsage;
import org.flowstream.modulehost.net.PmPort;

/** One PM on this host: what was asked for, how it runs, and how it is doing. */
public final class PmInstance {

    private final PmSpec spec;
    private final String id;
    private final Instant created = Instant.now();
    private volatile PmHandle handle;
    private volatile PmState state = PmState.STARTING;
    private volatile Integer exitCode;
    private volatile String failure = "";
    /** Set by a delete_pm that came while the PM was starting: its creator stops it instead of answering it up. */
    private volatile boolean deletedWhileStarting;

    private final java.util.concurrent.CountDownLatch startEnded = new java.util.concurrent.CountDownLatch(1);

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

    /** Asks the creator of a starting PM to stop it and clean up instead of reporting it up. */
    void deleteWhileStarting() {
        deletedWhileStarting = true;
    }

    boolean deletedWhileStarting() {
        return deletedWhileStarting;
    }

    /** The creator is done: the PM runs, or it was stopped and cleaned up. */
    void startEnded() {
        startEnded.countDown();
    }

    /** Waits until {@link #startEnded()}; false when that took longer than {@code timeout}. */
    boolean awaitStartEnded(java.time.Duration timeout) throws InterruptedException {
        return startEnded.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
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

    /** The PM struct create_pm answers with ({@code withStats} false) and list_pms lists (true). */
    public PmDescription toDescription(boolean withStats) {
        PmHandle h = handle;
        boolean started = h != null;
        boolean ended = exitCode != null;
        return new PmDescription(
                spec.name(),
                id,
                spec.basesys(),
                state.wireName(),
                created.toString(),
                started ? (int) h.pid() : null,
                started ? h.location() : null,
                started ? h.ports().stream().map(PmPort::toDescription).toList() : null,
                started ? Structs.fromStruct(h.limits(), EnforcedLimits.class) : null,
                spec.memoryMb(),
                spec.cpuPercent(),
                exitCode,
                ended ? failure : null,
                withStats && started ? PmStats.fromStatsFile(h.stats()) : null,
                withStats && started ? Structs.fromStruct(h.usage(), PmUsage.class) : null);
    }
}
