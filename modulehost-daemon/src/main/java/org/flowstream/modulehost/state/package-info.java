/**
 * Per-flow state that can leave its element (§2.3): a stateful element ({@link
 * org.flowstream.modulehost.state.StatefulElement}) lists, exports, imports and deletes the state of the flows a
 * {@link org.flowstream.modulehost.state.FlowFilter} selects, and its {@link org.flowstream.modulehost.state.FlowGate}
 * holds the packets that touch frozen state while that state is copied to another instance.
 */
package org.flowstream.modulehost.state;
