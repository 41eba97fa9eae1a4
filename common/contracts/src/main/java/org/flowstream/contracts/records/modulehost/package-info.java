/**
 * What the module host daemon sends and answers: its registration, heartbeat and load (to the resource and
 * monitoring daemons), and the failure of a PM it runs.
 */
package org.flowstream.contracts.records.modulehost;
