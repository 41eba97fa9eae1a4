/** What the platform offers: PM classes with their ports and default resources, supplied by the caller. */
package org.flowstream.lang.catalogue;
