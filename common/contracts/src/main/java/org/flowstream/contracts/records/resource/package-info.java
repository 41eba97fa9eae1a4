/**
 * What the resource daemon answers about allocations and module hosts: get_allocation, list_allocations (the
 * tenant API, documented in README.md), list_hosts (the other daemons).
 */
package org.flowstream.contracts.records.resource;
