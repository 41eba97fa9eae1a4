package org.flowstream.openflow.rules.driver;

import java.util.List;
import org.flowstream.openflow.rules.Rule;

/**
 * A switch's flow table as the rule manager sees it.
 *
 * @param rules the entries expressible as rules (cookie, table, priority, match, actions)
 * @param unmodelledCookies the cookie of each entry whose match uses fields the rule syntax does not know
 */
public record FlowTable(List<Rule> rules, List<Long> unmodelledCookies) {

    public FlowTable {
        rules = List.copyOf(rules);
        unmodelledCookies = List.copyOf(unmodelledCookies);
    }
}
