/** The built-in element library: one small class per element, each declaring its {@code @Signature} (ports, keywords, state, counters; docs/elements.md is generated from them). */
package org.flowstream.modulehost.elements;
