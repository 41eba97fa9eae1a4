/** The syntax tree of Click text as written, with source positions; compounds not yet expanded, configuration strings raw. */
package org.flowstream.contracts.click.ast;
