/**
 * deploy_pm (compile a tenant's element source; never load it in the daemon) and get_pm_info (describe every
 * element type, built-in and deployed).
 */
package org.flowstream.modulehost.deploy;
