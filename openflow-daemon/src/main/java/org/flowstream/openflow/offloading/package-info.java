/**
 * The openflow daemon's adapter for {@link org.flowstream.offload TFO offloading}: it runs offloads on real
 * switches. {@link org.flowstream.openflow.offloading.OffloadService} (the {@code tfo_*} methods) owns them;
 * {@link org.flowstream.contracts.records.openflow.OffloadConfig} is what an operator configures (the {@code
 * tfo_configure} contract, also what is saved) and {@link org.flowstream.openflow.offloading.OffloadConfigs} its
 * defaults and checks; {@link org.flowstream.openflow.offloading.LiveOffload} one running
 * offload; {@link org.flowstream.openflow.offloading.OffloadFlowRules} its switch rules; {@link
 * org.flowstream.openflow.offloading.OffloadStore} keeps them across restarts.
 */
package org.flowstream.openflow.offloading;
