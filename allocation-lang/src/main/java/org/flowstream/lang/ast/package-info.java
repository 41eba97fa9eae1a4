/** An allocation request as written: its header lines and its Click statements (the contracts' Click syntax tree). */
package org.flowstream.lang.ast;
