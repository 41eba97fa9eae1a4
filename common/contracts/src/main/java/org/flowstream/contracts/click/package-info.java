/**
 * The Click language, one implementation. Its syntax: {@link org.flowstream.contracts.click.parser.ClickParser}
 * (with the lexer, the syntax tree and the diagnostics in the sub-packages), which gives statements no meaning:
 * the allocation language builds requests on it and the module host builds PM graphs on it. Its configuration
 * strings: quoting and unquoting ({@link org.flowstream.contracts.click.ClickStrings}), splitting into arguments
 * and {@code KEYWORD value} pairs ({@link org.flowstream.contracts.click.ClickArguments}). The allocation language
 * writes configurations with it, the resource daemon writes PM graphs with it, the module host reads them with it.
 */
package org.flowstream.contracts.click;
