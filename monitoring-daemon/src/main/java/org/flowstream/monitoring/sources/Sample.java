package org.flowstream.monitoring.sources;

import java.util.Map;
import org.flowstream.contracts.records.Structs;

/** A poll's answer as kept in a history, shown to operators (get_history) with the same snake_case names the daemons use. */
public interface Sample {

    /** The sample as get_history shows it; by default its components in snake_case, as {@link Structs} writes them. */
    default Map<String, Object> toStruct() {
        return Structs.toStruct(this);
    }
}
