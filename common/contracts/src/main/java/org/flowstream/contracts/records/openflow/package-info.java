/** What the openflow daemon answers about its switches: rule and port counters as last polled. */
package org.flowstream.contracts.records.openflow;
