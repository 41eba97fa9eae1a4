package org.flowstream.lang;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.flowstream.contracts.click.diag.Diagnostic;
import org.flowstream.lang.model.NetworkService;

/**
 * Either the checked, flattened network service or every problem found (never both).
 *
 * @param service null exactly when {@code diagnostics} is not empty
 */
public record CheckResult(NetworkService service, List<Diagnostic> diagnostics) {
    public CheckResult {
        diagnostics = List.copyOf(diagnostics);
        if ((service == null) == diagnostics.isEmpty()) {
            throw new IllegalArgumentException("a check result holds a service or diagnostics, not both or neither");
        }
    }

    public boolean ok() {
        return service != null;
    }

    public Optional<NetworkService> serviceIfValid() {
        return Optional.ofNullable(service);
    }

    /** The diagnostics one per line, as {@code file:line:column: error: message}; "" when valid. */
    public String errorText() {
        return diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    }
}
