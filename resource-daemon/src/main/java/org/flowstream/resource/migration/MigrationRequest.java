package org.flowstream.resource.migration;

import java.util.List;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;

/**
 * What migrate_flows(alloc_id, pm, to_host, filter, mode) asks: move PM {@code pm} of allocation {@code allocId} to
 * module host {@code toHost}, with the state of the flows {@code filter} selects (docs/migration.md's flow filter
 * text; empty selects every flow), by total copy or by the phased move ({@code mode}; empty: the daemon's
 * {@code settings.migrationMode}).
 */
public record MigrationRequest(int allocId, String pm, String toHost, String filter, String mode) {

    /** The move algorithms a request may choose, as the wire names them. */
    public static final String TOTAL_COPY = "total_copy";

    public static final String PHASED = "phased";

    public MigrationRequest {
        if (!mode.isEmpty() && !mode.equals(TOTAL_COPY) && !mode.equals(PHASED)) {
            throw new BadParameterException(
                    "mode '%s': a move is \"total_copy\" or \"phased\" (or \"\" for the daemon's default)"
                            .formatted(mode));
        }
    }

    /** The positional XML-RPC parameters; the filter and the mode may be left out (every flow, the default mode). */
    public static MigrationRequest parse(Object param) {
        List<Object> values = param instanceof Object[] array
                ? List.of(array)
                : param instanceof List<?> list ? List.copyOf(list) : List.of();
        if (values.size() < 3 || values.size() > 5) {
            throw new BadParameterException(
                    "migrate_flows takes (alloc_id: int, pm: string, to_host: string[, filter: string[, mode: string]]); got %d parameter(s)"
                            .formatted(values.size()));
        }
        return new MigrationRequest(
                Params.integer(values.get(0), "alloc_id"),
                Params.string(values.get(1), "pm"),
                Params.string(values.get(2), "to_host"),
                values.size() >= 4 ? Params.string(values.get(3), "filter").strip() : "",
                values.size() == 5 ? Params.string(values.get(4), "mode").strip() : "");
    }

    /** The mode this move runs in: the request's, or {@code defaultMode} when it gave none. */
    public String modeOr(String defaultMode) {
        return mode.isEmpty() ? defaultMode : mode;
    }
}
