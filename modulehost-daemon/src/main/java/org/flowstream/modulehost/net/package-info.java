/**
 * A PM's network: its namespace and veth ports ({@link org.flowstream.modulehost.net.PmNetwork}), the platform
 * switch they join ({@link org.flowstream.modulehost.net.OvsBridge}), and entering a namespace from one thread
 * ({@link org.flowstream.modulehost.net.InNamespace}).
 */
package org.flowstream.modulehost.net;
