package org.flowstream.openflow.rules.driver;

import java.util.List;
import org.flowstream.openflow.rules.Rule;

/**
 * One connected switch, as the rule manager drives it. There is one driver per switch (datapath), so a platform
 * can have many switches.
 */
public interface SwitchDriver {

    /** The switch's name (the bridge name in Open vSwitch), under which its desired rules are kept. */
    String switchName();

    /**
     * Adds {@code add} and then deletes {@code remove} (exactly those rules: table, priority, match and, where the
     * protocol allows, the owner's cookie; not one whose key {@code add} holds, which the add replaced), as one
     * batch, and returns once the switch confirmed all of it. Adds first: a packet meanwhile finds the old rule
     * or the new one (make before break).
     *
     * @throws SwitchRefusedException when the switch (or the driver, for a rule this switch cannot hold) refused
     *     any of it; some of the batch may have taken effect, which the caller undoes by reconciling
     * @throws SwitchUnreachableException when the switch went away or did not confirm in time
     */
    void apply(List<Rule> remove, List<Rule> add) throws InterruptedException;

    /** The switch's flow table now, every table. */
    FlowTable read() throws InterruptedException;
}
