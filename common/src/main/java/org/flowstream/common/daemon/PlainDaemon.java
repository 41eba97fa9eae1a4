package org.flowstream.common.daemon;

import org.flowstream.common.config.DaemonConfig;

/** A daemon that serves only the common tasks and commands: for benchmarks and for trying the base out. */
public final class PlainDaemon extends Daemon {

    public PlainDaemon(String name, DaemonConfig config) {
        super(name, config);
    }
}
