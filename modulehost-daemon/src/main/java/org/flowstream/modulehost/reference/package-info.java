/**
 * The element reference, generated from the built-in elements' signatures as Click's element pages are from
 * its headers: {@code docs/elements.md} for readers and the contracts module's {@code built-in-elements.json}
 * for the allocation language's built-in catalogue. {@code bin/flowstream elements} prints both.
 */
package org.flowstream.modulehost.reference;
