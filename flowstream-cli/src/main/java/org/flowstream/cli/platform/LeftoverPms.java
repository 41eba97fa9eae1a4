package org.flowstream.cli.platform;

import java.util.List;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.netns.NetworkNamespace;

/**
 * A module host stopped cleanly removes its PMs. One that was killed leaves them running, each in its
 * namespace (named fspm-...): down stops their processes and removes the namespaces, whose veths go with them.
 */
final class LeftoverPms {

    private static final String PM_NAMESPACE_PREFIX = "fspm-";

    private LeftoverPms() {}

    static void remove() {
        for (String name : NetworkNamespace.list()) {
            if (!name.startsWith(PM_NAMESPACE_PREFIX)) {
                continue;
            }
            String pids = IpCommand.tryRun(List.of("ip", "netns", "pids", name)).output();
            for (String pid : pids.split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            NetworkNamespace.of(name).delete();
        }
    }
}
