/** The syntax tree of a request as written, with source positions; compounds not yet expanded. */
package org.flowstream.lang.ast;
