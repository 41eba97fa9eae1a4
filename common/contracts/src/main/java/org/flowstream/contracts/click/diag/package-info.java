/** Diagnostics in the form {@code file:line:column: error: message}, collected so that one run reports every problem. */
package org.flowstream.contracts.click.diag;
