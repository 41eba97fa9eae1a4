package org.flowstream.openflow.rules.openflow;

import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionPopVlan;
import org.projectfloodlight.openflow.protocol.action.OFActionPushVlan;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.action.OFActionSetVlanVid;
import org.projectfloodlight.openflow.protocol.action.OFActionStripVlan;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.oxm.OFOxmVlanVid;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.VlanVid;

/**
 * Rule actions ({@link org.flowstream.openflow.rules.FlowActions}) as Loxi actions per version and back: 1.0's
 * set_vlan_vid pushes a tag itself, 1.3 needs push_vlan first and carries actions in an apply-actions
 * instruction.
 */
final class LoxiActions {

    private LoxiActions() {}

    /** Loxi actions; {@code tagged} says whether matching packets already carry a VLAN tag. */
    static List<OFAction> toLoxi(OFFactory factory, List<String> actions, boolean tagged) {
        List<OFAction> out = new ArrayList<>();
        var of = factory.actions();
        boolean of10 = factory.getVersion() == OFVersion.OF_10;
        boolean hasTag = tagged;
        for (String a : actions) {
            if (a.equals("strip_vlan")) {
                out.add(of10 ? of.stripVlan() : of.popVlan());
                hasTag = false;
            } else if (a.equals("output:in_port")) {
                out.add(of.buildOutput()
                        .setPort(OFPort.IN_PORT)
                        .setMaxLen(0xFFFF)
                        .build());
            } else if (a.startsWith("output:")) {
                out.add(of.buildOutput()
                        .setPort(OFPort.of(Integer.parseInt(a.substring(7))))
                        .setMaxLen(0xFFFF)
                        .build());
            } else if (a.startsWith("mod_vlan_vid:")) {
                int vid = Integer.parseInt(a.substring(13));
                if (of10) {
                    out.add(of.setVlanVid(VlanVid.ofVlan(vid)));
                } else {
                    if (!hasTag) {
                        out.add(of.pushVlan(EthType.VLAN_FRAME));
                    }
                    out.add(of.setField(factory.oxms().vlanVid(OFVlanVidMatch.ofVlan(vid))));
                }
                hasTag = true;
            }
        }
        return out;
    }

    static List<OFInstruction> toInstructions(OFFactory factory, List<String> actions, boolean tagged) {
        List<OFAction> list = toLoxi(factory, actions, tagged);
        return list.isEmpty() ? List.of() : List.of(factory.instructions().applyActions(list));
    }

    /** Reads back what the switch reports; unknown actions keep Loxi's text, so they never compare equal. */
    static List<String> fromLoxi(List<OFAction> actions) {
        List<String> out = new ArrayList<>();
        for (OFAction a : actions) {
            switch (a) {
                case OFActionOutput o ->
                    out.add(
                            o.getPort().equals(OFPort.IN_PORT)
                                    ? "output:in_port"
                                    : "output:" + (o.getPort().getPortNumber() & 0xFFFFFFFFL));
                case OFActionSetVlanVid v ->
                    out.add("mod_vlan_vid:" + v.getVlanVid().getVlan());
                case OFActionStripVlan s -> out.add("strip_vlan");
                case OFActionPopVlan p -> out.add("strip_vlan");
                case OFActionPushVlan p -> {}
                case OFActionSetField f
                when f.getField() instanceof OFOxmVlanVid vid ->
                    out.add("mod_vlan_vid:" + (vid.getValue().getVlan() & 0xFFF));
                default -> out.add(a.toString());
            }
        }
        return out;
    }

    static List<String> fromInstructions(List<OFInstruction> instructions) {
        List<String> out = new ArrayList<>();
        for (OFInstruction i : instructions) {
            if (i instanceof OFInstructionApplyActions apply) {
                out.addAll(fromLoxi(apply.getActions()));
            } else {
                out.add(i.toString());
            }
        }
        return out;
    }
}
