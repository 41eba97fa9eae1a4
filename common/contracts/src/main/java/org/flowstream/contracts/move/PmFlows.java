package org.flowstream.contracts.move;

import org.flowstream.contracts.records.modulehost.PmFlowsRequest;

/**
 * One way to reach running PMs' control channels: a module host's pm_flows over XML-RPC, or the channel of graphs
 * in the same process. The moves send every step through it.
 */
@FunctionalInterface
public interface PmFlows {

    /**
     * Carries out {@code request} at the PM it names and returns the answer read through the request's records
     * ({@link PmFlowsRequest#readAnswer}); a refusal, or a PM or host that does not answer, is an exception whose
     * message says why in words.
     */
    Object call(PmFlowsRequest request) throws Exception;
}
