package org.flowstream.cli;

import picocli.CommandLine.Option;

/**
 * Whether and how long a command that starts something asynchronous (submit, delete, migrate) waits for it to
 * end, and whether it prints the answer as JSON: the same options with the same defaults on each of them.
 */
final class WaitOptions {

    @Option(names = "--no-wait", description = "Return as soon as the daemon accepts the request.")
    boolean noWait;

    @Option(names = "--timeout", description = "Seconds to wait for it to end (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 120;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    boolean waits() {
        return !noWait;
    }
}
