package org.flowstream.common.config;

import java.nio.file.Path;

/** The installation directory (bin/flowstream passes it as -Dflowstream.home); the working directory otherwise. */
public final class FlowstreamHome {

    private FlowstreamHome() {}

    public static Path path() {
        return Path.of(System.getProperty("flowstream.home", "."))
                .toAbsolutePath()
                .normalize();
    }

    public static Path resolve(String relative) {
        return path().resolve(relative);
    }
}
