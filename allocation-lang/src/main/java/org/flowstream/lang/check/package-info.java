/** Semantic checking: expands compounds, checks ports, fan-out, cycles, FromNet matches and Placement annotations, and builds the model. */
package org.flowstream.lang.check;
