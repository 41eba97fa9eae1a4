package org.flowstream.modulehost.state;

import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.RuntimeContext;

/**
 * What every element with movable per-flow state shares, in one place: its {@link FlowGate} (every packet passes
 * it, and its clock is the element's clock), the {@code IDLE seconds} keyword, the thread that expires idle flows
 * and the rule for when a flow may expire (idle for longer than IDLE and not frozen: a frozen flow is being copied,
 * and the copy carries its idle time so the new instance expires it when this one would have).
 */
public abstract class FlowStateElement extends Element implements StatefulElement {

    protected final FlowGate gate = new FlowGate(this, this::process);
    private long idleNanos;
    private IdleExpiry expiry;

    protected FlowStateElement(long defaultIdleSeconds) {
        this.idleNanos = defaultIdleSeconds * 1_000_000_000L;
    }

    /** The element's own packet logic, past the gate. */
    protected abstract void process(int port, Packet packet);

    /**
     * Forgets the flows idle for longer than IDLE at {@code nowNanos} (see {@link #expires}); how many. The expiry
     * thread calls it with the gate's clock.
     */
    public abstract int expireIdle(long nowNanos);

    /**
     * Sets IDLE, in whole seconds; the element reads it through its signature (type "seconds", at least 1), so the
     * value has been checked by then, here and in lang check alike.
     */
    protected final void configureIdle(int seconds) {
        idleNanos = seconds * 1_000_000_000L;
    }

    protected final long idleNanos() {
        return idleNanos;
    }

    /** Now on the element's clock (its gate's). */
    protected final long now() {
        return gate.now();
    }

    /** Whether a flow last used at {@code lastUsedNanos} may expire at {@code nowNanos}: idle too long, not frozen. */
    protected final boolean expires(FlowKey key, long lastUsedNanos, long nowNanos) {
        return nowNanos - lastUsedNanos > idleNanos && !gate.isFrozen(key);
    }

    @Override
    public void initialize(RuntimeContext context) {
        expiry = IdleExpiry.start(name() + "-expiry", idleNanos, gate::now, this::expireIdle);
    }

    @Override
    public void close() {
        if (expiry != null) {
            expiry.close();
        }
    }

    @Override
    public final void push(int port, Packet packet) {
        gate.push(port, packet);
    }

    @Override
    public final FlowGate gate() {
        return gate;
    }
}
