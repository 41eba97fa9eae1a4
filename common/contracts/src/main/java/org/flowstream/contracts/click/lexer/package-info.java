/** Turns Click text into tokens; a configuration string between parentheses is one token. */
package org.flowstream.contracts.click.lexer;
