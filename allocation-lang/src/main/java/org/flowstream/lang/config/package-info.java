/** Configuration arguments with their file positions, and variable substitution; splitting and quoting are the contracts module's {@code org.flowstream.contracts.click}. */
package org.flowstream.lang.config;
