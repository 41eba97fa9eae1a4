/** Recursive-descent parser with error recovery. */
package org.flowstream.lang.parser;
