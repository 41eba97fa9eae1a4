/** Writes a checked service back as a flat, normalized request. */
package org.flowstream.lang.print;
