/** Turns text into tokens: the KEY=value header first, then Click's lexemes. */
package org.flowstream.lang.lexer;
