/**
 * Click configuration strings, the one implementation: quoting and unquoting ({@link
 * org.flowstream.contracts.click.ClickStrings}), splitting a configuration into arguments and {@code KEYWORD
 * value} pairs ({@link org.flowstream.contracts.click.ClickArguments}). The allocation language writes
 * configurations with it, the resource daemon writes PM graphs with it, the module host reads them with it.
 */
package org.flowstream.contracts.click;
