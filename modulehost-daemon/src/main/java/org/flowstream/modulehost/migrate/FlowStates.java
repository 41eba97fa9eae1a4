package org.flowstream.modulehost.migrate;

import java.util.Map;

/** Where a move sends its control requests for one PM: the module host that runs it (pm_flows), or a test's. */
@FunctionalInterface
public interface FlowStates {

    /**
     * Sends one control request (org.flowstream.modulehost.control.ControlRequest's shape, plus "pm") and returns
     * the PM's answer; a refusal is an exception whose message says why.
     */
    Object call(Map<String, Object> request) throws Exception;
}
