/**
 * The OpenFlow match syntax as ovs-ofctl writes it ({@code ip,nw_src=10.0.0.0/8,tp_dst=80}), free of any
 * OpenFlow library: {@link org.flowstream.contracts.match.Match#parse} reads and validates it (with the field
 * prerequisites OpenFlow would otherwise apply silently), {@code toString()} prints the canonical form, and
 * {@link org.flowstream.contracts.match.Match#overlaps} says whether two matches can select the same packet.
 * The allocation language checks FromNet matches with it; the openflow daemon keeps only a builder from
 * {@code Match} to its OpenFlow library's match, per protocol version.
 *
 * <p>Separators: fields are separated by commas, blanks, or both, as ovs-ofctl accepts them; the canonical form
 * uses single commas. The canonical form is the one {@code ovs-ofctl dump-flows} prints, so a rule read back
 * from a switch compares equal as text.
 */
package org.flowstream.contracts.match;
