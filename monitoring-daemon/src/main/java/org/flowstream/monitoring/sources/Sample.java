package org.flowstream.monitoring.sources;

import java.util.Map;

/** A poll's answer as kept in a history, shown to operators (get_history) with the same snake_case names the daemons use. */
public interface Sample {

    Map<String, Object> toStruct();
}
