/**
 * The module host daemon (§3.1): {@link org.flowstream.modulehost.ModuleHostDaemon} and what its commands share.
 * Subpackages by job: {@code pm} (PM instances, lifecycle, OS limits), {@code net} (namespaces, veth ports, the
 * switch), {@code basesys} (how PMs are implemented: {@code linux.netns}), {@code runtime} (the PM process and
 * its element graph), {@code elements} (the element library), {@code deploy} (deploy_pm and get_pm_info),
 * {@code bench} (the PM throughput benchmark). See the module's README.md for the XML-RPC methods.
 */
package org.flowstream.modulehost;
