/**
 * What a request is checked against beyond the PM catalogue: the platform's I/O nodes and the traffic
 * live allocations already capture. Offline (the command line without a platform) both are unknown.
 */
package org.flowstream.lang.platform;
