package org.flowstream.monitoring.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.common.rpc.DaemonUnreachableException;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.monitoring.PlatformSummary;
import org.flowstream.monitoring.sources.Peers;
import org.flowstream.monitoring.sources.SourceBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the summary to the resource daemon's report command (report_stats by default) and remembers how the
 * last push went, for operators (get_status) and tests.
 */
public final class ResourceReporter {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceReporter.class);

    private final Peers peers;
    private final SourceBook book;
    private final String command;
    private volatile Map<String, Object> last = Map.of("sent", false, "message", "nothing reported yet");

    public ResourceReporter(Peers peers, SourceBook book, String command) {
        this.peers = peers;
        this.book = book;
        this.command = command;
    }

    /** Builds the summary and sends it; never throws (a push that fails is retried at the next one). */
    public void report() {
        PlatformSummary summary = Summary.of(book);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("at", Instant.now().toString());
        outcome.put("command", command);
        outcome.put("hosts", summary.hosts().size());
        outcome.put("down_hosts", summary.downHosts());
        if (peers.resource().isEmpty()) {
            outcome.put("sent", false);
            outcome.put("message", "no \"resource\" peer configured");
        } else {
            try {
                ReturnValue answer = peers.resource().get().call(command, summary);
                outcome.put("sent", true);
                outcome.put("code", answer.code());
                outcome.put("message", answer.message());
                if (answer.isFailure()) {
                    LOG.warn("the resource daemon refused {}: {}", command, answer.message());
                }
            } catch (DaemonUnreachableException e) {
                outcome.put("sent", false);
                outcome.put("message", e.getMessage());
                LOG.debug("cannot report to the resource daemon: {}", e.getMessage());
            }
        }
        last = outcome;
    }

    /** How the last push went: {at, command, sent, code, message, hosts, down_hosts}. */
    public Map<String, Object> last() {
        return last;
    }
}
