package org.flowstream.monitoring.sources;

/** Told about every call the monitoring daemon makes to another daemon (the metrics endpoint counts and times them). */
@FunctionalInterface
public interface CallObserver {

    /**
     * @param daemon  "resource", "openflow" or "modulehost"
     * @param outcome "success", "failure", "not_ready" or "unreachable"
     */
    void observe(String daemon, String method, String outcome, double seconds);

    CallObserver NONE = (daemon, method, outcome, seconds) -> {};
}
