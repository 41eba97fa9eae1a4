/**
 * What the module host daemon sends and answers: its registration, heartbeat and load (to the resource and
 * monitoring daemons), the failure of a PM it runs, and the PMs it starts, lists and deletes (create_pm,
 * list_pms, delete_pm), and the element types it runs (get_pm_info, which the resource daemon answers tenants in
 * the same shape).
 */
package org.flowstream.contracts.records.modulehost;
