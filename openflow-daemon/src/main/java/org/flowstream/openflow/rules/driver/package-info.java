/**
 * The one boundary between the desired-state rule manager and a switch (as ONOS separates its flow subsystem
 * from the OpenFlow provider): {@link org.flowstream.openflow.rules.driver.SwitchDriver} is one switch that can
 * apply a batch of rule changes and show its flow table, in {@link org.flowstream.openflow.rules.Rule} terms
 * only; {@link org.flowstream.openflow.rules.driver.SwitchDrivers} finds the driver of a connected switch and
 * says when one connects. The OpenFlow (Loxi) implementation is in {@code rules.openflow}; the tests have an
 * in-memory one.
 */
package org.flowstream.openflow.rules.driver;
