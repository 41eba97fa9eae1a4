package org.flowstream.monitoring;

import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.daemon.Daemon;

/** The monitoring daemon (§3.1): gathers statistics for the resource daemon. Its methods are the commands in tasks/monitoring/. */
public class MonitoringDaemon extends Daemon {

    public MonitoringDaemon(DaemonConfig config) {
        super("monitoring", config);
    }
}
