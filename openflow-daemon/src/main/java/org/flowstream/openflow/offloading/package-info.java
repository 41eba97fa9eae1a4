/**
 * The openflow daemon's adapter for {@link org.flowstream.offload TFO offloading}: it runs offloads on real
 * switches. {@link org.flowstream.openflow.offloading.OffloadService} (the {@code tfo_*} methods) owns them;
 * {@link org.flowstream.openflow.offloading.OffloadConfig} is what an operator configures (the {@code
 * tfo_configure} request and what is saved); {@link org.flowstream.openflow.offloading.LiveOffload} one running
 * offload; {@link org.flowstream.openflow.offloading.OffloadFlowRules} its switch rules; {@link
 * org.flowstream.openflow.offloading.OffloadStore} keeps them across restarts.
 */
package org.flowstream.openflow.offloading;
