/**
 * Contracts shared by every module and daemon, each defined once. Sub-packages hold one contract each; a
 * contract that two sides need lives here and nowhere else (see docs/architecture.md).
 */
package org.flowstream.contracts;
