package org.flowstream.resource.migration;

/**
 * The switch's part of a move: send the moved PM's traffic to the new instance, or back. Both return once the
 * openflow daemon has the rules on the switch (confirmed by a barrier).
 */
public interface SwitchCutover {

    void toNew();

    /** Undoes {@link #toNew()} (an aborted move). */
    void back();
}
