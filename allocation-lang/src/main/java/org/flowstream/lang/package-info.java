/** The allocation language (spec §2.1.4): start at {@link org.flowstream.lang.AllocationLanguage}. */
package org.flowstream.lang;
