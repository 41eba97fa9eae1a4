/**
 * Traffic-aware flow offloading (TFO, §2.4) as a library: no switch, no OpenFlow, no daemon (LibraryBoundaryTest
 * holds it to that). {@link org.flowstream.offload.MultiTimescaleStatistics} keeps each key's traffic on several
 * time scales; {@link org.flowstream.offload.TfoSelector} is the selection round of §2.4.2.2 (which heavy hitters
 * get switch rules); {@link org.flowstream.offload.TrafficOffloader} drives the two, interval by interval, and
 * returns an {@link org.flowstream.offload.OffloadDelta} (rules to add and to remove).
 *
 * <p>{@code sim} replays traces against TFO and its rivals (LRU, LFU, the bin-optimal oracle), {@code trace} reads
 * and synthesises those traces, {@code bench} is {@code bin/flowstream bench tfo}. The daemon adapter that runs
 * offloads on real switches is {@code org.flowstream.openflow.offloading}.
 */
package org.flowstream.offload;
