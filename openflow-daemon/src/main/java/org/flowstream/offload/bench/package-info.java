/**
 * {@code bin/flowstream bench tfo}: the simulator over a trace, TFO's software-path load and rule churn against
 * LRU, LFU and the bin-optimal oracle measured in the same run.
 */
package org.flowstream.offload.bench;
