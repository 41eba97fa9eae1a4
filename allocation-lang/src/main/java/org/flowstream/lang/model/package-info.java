/** The checked, flattened network service handed to placement and deployment: immutable records. */
package org.flowstream.lang.model;
