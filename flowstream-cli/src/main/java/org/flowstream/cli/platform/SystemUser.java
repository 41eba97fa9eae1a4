package org.flowstream.cli.platform;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import org.flowstream.common.netns.IpCommand;

/** The unprivileged system account the controller's daemons run as, created the Debian way when missing. */
final class SystemUser {

    private SystemUser() {}

    /** Creates {@code name} (a system user with a group of the same name, no home, no login shell) unless it exists. */
    static void ensure(String name) throws IOException {
        if (exists(name)) {
            return;
        }
        var result = IpCommand.tryRun(List.of(
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                "--comment",
                "Flowstream daemons",
                name));
        if (!exists(name)) {
            throw new IOException("could not create the system user %s (useradd: %s)"
                    .formatted(name, result.output().strip()));
        }
    }

    static boolean exists(String name) throws IOException {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
            return true;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        }
    }
}
