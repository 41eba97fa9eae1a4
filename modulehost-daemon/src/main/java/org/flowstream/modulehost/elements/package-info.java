/** The built-in element library: one small class per element, each described by its {@code @ElementInfo}. */
package org.flowstream.modulehost.elements;
