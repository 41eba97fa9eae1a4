package org.flowstream.resource.migration;

import java.util.List;

/**
 * What a finished migrate_flows did, as get_task_result's value: where the PM went, its new instance, and per
 * stateful element what moved and how long packets waited.
 *
 * @param mode        total_copy or phased
 * @param totalMillis from the task's start (the new PM's start included) to the old PM's removal
 */
public record MigrationResult(
        int allocId,
        String pm,
        String fromHost,
        String toHost,
        String instance,
        String mode,
        List<CrossHostMove.Moved> elements,
        long startPmMillis,
        long totalMillis) {}
