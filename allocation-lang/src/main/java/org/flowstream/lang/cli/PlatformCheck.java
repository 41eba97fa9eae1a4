package org.flowstream.lang.cli;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Checks a request against a running platform instead of the built-in catalogue: its PM types (deployed
 * ones included), I/O nodes, live traffic and the caller's quota, exactly as install_allocation would. The
 * language module has no XML-RPC client; the command line supplies one through {@link ServiceLoader}.
 */
public interface PlatformCheck {

    /**
     * @param url      the resource daemon, or null for the one the environment or a running platform names
     * @param fileName how diagnostics name the request
     * @return the problems, one line each as {@code file:line:column: error: message} (or {@code file: error:
     *         message} where there is no position); empty when the platform would accept the request
     * @throws IllegalStateException when the platform cannot be asked (unreachable, wrong password), in words
     */
    List<String> check(String url, String fileName, String text);

    /** The implementation on the class path, if any. */
    static Optional<PlatformCheck> installed() {
        return ServiceLoader.load(PlatformCheck.class).findFirst();
    }
}
