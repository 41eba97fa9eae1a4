/**
 * Element signatures, the one description of an element class that the module host's runtime, the
 * language's catalogue, get_pm_info, {@code lang check} and the generated element reference all read: ports
 * in Click's notation ({@link org.flowstream.contracts.element.PortSpec}), configuration keywords, state,
 * counters, primitives. Declared on the class with {@link org.flowstream.contracts.element.Signature}.
 */
package org.flowstream.contracts.element;
