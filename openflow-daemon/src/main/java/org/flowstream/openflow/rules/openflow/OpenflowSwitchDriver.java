package org.flowstream.openflow.rules.openflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flowstream.openflow.channel.SwitchConnection;
import org.flowstream.openflow.channel.SwitchDisconnectedException;
import org.flowstream.openflow.channel.SwitchErrorException;
import org.flowstream.openflow.rules.Rule;
import org.flowstream.openflow.rules.driver.FlowTable;
import org.flowstream.openflow.rules.driver.SwitchDriver;
import org.flowstream.openflow.rules.driver.SwitchRefusedException;
import org.flowstream.openflow.rules.driver.SwitchUnreachableException;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * One switch driven over its OpenFlow connection: a change is one batch of flow-mods (adds, then deletes) followed
 * by a barrier (the switch processes in order, so the barrier reply comes after any error for the batch).
 */
public final class OpenflowSwitchDriver implements SwitchDriver {

    private final SwitchConnection sw;
    private final Duration timeout;
    private final FlowMessages messages;

    public OpenflowSwitchDriver(SwitchConnection sw, Duration timeout) {
        this.sw = sw;
        this.timeout = timeout;
        this.messages = FlowMessages.of(sw.version());
    }

    @Override
    public String switchName() {
        return sw.name();
    }

    /**
     * Make before break: the adds go first, then the deletes, so a packet the switch handles meanwhile finds the
     * old rule or its replacement, never neither (a move's rewire replaces the rules that lead to the old instance
     * with rules to the new one while traffic flows). A rule whose key is added again is not deleted: the add
     * replaces it in place, and a delete after the add would remove the new rule.
     */
    @Override
    public void apply(List<Rule> remove, List<Rule> add) throws InterruptedException {
        List<OFMessage> batch = new ArrayList<>(remove.size() + add.size());
        Set<Rule.Key> added = new HashSet<>();
        add.forEach(r -> added.add(r.key()));
        try {
            add.forEach(r -> batch.add(messages.add(sw.nextXid(), r)));
            remove.stream()
                    .filter(r -> !added.contains(r.key()))
                    .forEach(r -> batch.add(messages.deleteStrict(sw.nextXid(), r.key(), r.cookie())));
        } catch (IllegalArgumentException cannotHold) {
            throw new SwitchRefusedException(sw.name(), List.of(cannotHold.getMessage()));
        }
        await(() -> sw.sendBatch(batch).get(timeout.toMillis(), TimeUnit.MILLISECONDS), "confirming the change");
    }

    @Override
    public FlowTable read() throws InterruptedException {
        List<OFFlowStatsEntry> entries = await(() -> FlowEntries.read(sw, timeout), "sending its flow table");
        List<Rule> rules = new ArrayList<>();
        List<Long> unmodelled = new ArrayList<>();
        for (OFFlowStatsEntry e : entries) {
            Rule rule = messages.toRule(e);
            if (rule == null) {
                unmodelled.add(e.getCookie().getValue());
            } else {
                rules.add(rule);
            }
        }
        return new FlowTable(rules, unmodelled);
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    /** Runs a request and turns the connection's failures into the driver's two kinds. */
    private <T> T await(Call<T> request, String what) throws InterruptedException {
        try {
            return request.call();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof SwitchErrorException refused) {
                throw new SwitchRefusedException(sw.name(), refused.errors());
            }
            if (cause instanceof SwitchDisconnectedException || cause instanceof TimeoutException) {
                throw new SwitchUnreachableException("switch %s went away before %s".formatted(sw.name(), what), cause);
            }
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }

    @Override
    public String toString() {
        return sw.toString();
    }
}
