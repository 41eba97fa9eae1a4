/** {@code flowstream bench pm}: PM forwarding rate against a plain Open vSwitch forward, same run. */
package org.flowstream.modulehost.bench;
