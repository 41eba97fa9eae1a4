package org.flowstream.resource.gateway;

import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.resource.ResourceSettings;

/**
 * Which switch tables operators may address through the low-level API (create_connections,
 * delete_connections): this platform's switch and an OpenFlow table number. Checked here, so that a typo
 * is refused in words before anything is sent to the openflow daemon.
 */
public final class SwitchTables {

    /** OpenFlow numbers tables 0-254 (255 means "all tables"). */
    private static final int LAST_TABLE = 254;

    private SwitchTables() {}

    public static void check(ResourceSettings settings, String switchName, int tableId) {
        if (!switchName.equals(settings.switchName)) {
            throw new BadParameterException("this platform has no switch '%s'; its switch is '%s'"
                    .formatted(
                            switchName.length() > 40 ? switchName.substring(0, 40) + "..." : switchName,
                            settings.switchName));
        }
        if (tableId < 0 || tableId > LAST_TABLE) {
            throw new BadParameterException(
                    "switch_table_id must be an OpenFlow table 0-%d, got %d".formatted(LAST_TABLE, tableId));
        }
    }
}
