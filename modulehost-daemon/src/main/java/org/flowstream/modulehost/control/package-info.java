/**
 * The control channel between the module host and its running PMs: a Unix socket per PM ({@code control.sock} in
 * the PM's directory) carrying one JSON request and one JSON answer per line ({@link
 * org.flowstream.modulehost.control.PmControlServer} in the PM, {@link
 * org.flowstream.modulehost.control.PmControlClient} in the daemon). It reaches a PM without restarting it and
 * whatever network namespace it runs in.
 */
package org.flowstream.modulehost.control;
