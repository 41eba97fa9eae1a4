package org.flowstream.lang.model;

/**
 * One part of a FromNet match in ovs-ofctl (OpenFlow 1.0) style: {@code nw_src=10.0.0.0/8}, or a
 * protocol keyword such as {@code tcp} with an empty value.
 */
public record MatchField(String name, String value) {

    public boolean isKeyword() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return isKeyword() ? name : name + "=" + value;
    }
}
