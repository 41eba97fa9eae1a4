/**
 * The offload simulator of §2.4.3: replays a {@link org.flowstream.offload.trace.Trace} second by second against
 * several {@link org.flowstream.offload.sim.Strategy strategies} at once (TFO with the real selector, LRU and LFU
 * caches, the bin-optimal oracle) and counts what each leaves to the software path and how many rules it churns.
 */
package org.flowstream.offload.sim;
