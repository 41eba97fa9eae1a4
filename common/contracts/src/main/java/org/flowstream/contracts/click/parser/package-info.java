/** The one Click parser: recursive descent with error recovery, shared by the allocation language and the PM runtime. */
package org.flowstream.contracts.click.parser;
