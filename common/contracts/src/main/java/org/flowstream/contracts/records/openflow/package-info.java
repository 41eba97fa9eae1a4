/**
 * What the openflow daemon answers and reads: rule and port counters as last polled, an allocation's wiring
 * (create_connections, delete_connections, list_connections), its rules and switches (list_rules,
 * list_switches, reconcile), and the load balancers' and offloads' statuses and report receipts (lb_*, tfo_*).
 */
package org.flowstream.contracts.records.openflow;
