package org.flowstream.resource.migration;

import java.util.List;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;

/**
 * What migrate_flows(alloc_id, pm, to_host, filter) asks: move PM {@code pm} of allocation {@code allocId} to
 * module host {@code toHost}, with the state of the flows {@code filter} selects (docs/migration.md's flow filter
 * text; empty selects every flow).
 */
public record MigrationRequest(int allocId, String pm, String toHost, String filter) {

    /** The four positional XML-RPC parameters; the filter may be left out (every flow). */
    public static MigrationRequest parse(Object param) {
        List<Object> values = param instanceof Object[] array
                ? List.of(array)
                : param instanceof List<?> list ? List.copyOf(list) : List.of();
        if (values.size() < 3 || values.size() > 4) {
            throw new BadParameterException(
                    "migrate_flows takes (alloc_id: int, pm: string, to_host: string[, filter: string]); got %d parameter(s)"
                            .formatted(values.size()));
        }
        return new MigrationRequest(
                Params.integer(values.get(0), "alloc_id"),
                Params.string(values.get(1), "pm"),
                Params.string(values.get(2), "to_host"),
                values.size() == 4 ? Params.string(values.get(3), "filter").strip() : "");
    }
}
