/**
 * The PM runtime, in the spirit of Click: {@link org.flowstream.modulehost.runtime.PmMain} builds a graph of
 * {@link org.flowstream.modulehost.runtime.Element}s from its configuration text
 * ({@link org.flowstream.modulehost.runtime.GraphParser}) and moves raw Ethernet frames through it, read and
 * written with AF_PACKET sockets ({@link org.flowstream.modulehost.runtime.PacketSocket}).
 */
package org.flowstream.modulehost.runtime;
