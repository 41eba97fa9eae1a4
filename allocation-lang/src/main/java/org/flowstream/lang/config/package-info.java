/** Click configuration strings: splitting into arguments, quoting and escapes, variable substitution. */
package org.flowstream.lang.config;
