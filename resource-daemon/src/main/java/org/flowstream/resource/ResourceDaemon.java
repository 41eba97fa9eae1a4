package org.flowstream.resource;

import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.daemon.Daemon;

/** The resource daemon (§3.1): the platform's front door. Its API methods are the commands in tasks/resource/. */
public class ResourceDaemon extends Daemon {

    public ResourceDaemon(DaemonConfig config) {
        super("resource", config);
    }
}
