/** Parses an allocation request: its KEY=value header, then its Click body with the contracts' Click parser. */
package org.flowstream.lang.parser;
