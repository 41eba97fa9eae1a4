/**
 * IPv4 addresses and prefixes: the one place the tree turns dotted quads into bits and back. Values are held
 * as an {@code int} in network order (the first octet in the high byte), as packet code and the load
 * balancer's prefix tree need them.
 */
package org.flowstream.contracts.net;
