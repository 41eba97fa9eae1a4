package org.flowstream.common.xml;

import java.io.ObjectInputFilter;

/**
 * Nothing in Flowstream reads Java-serialized objects, yet Apache XML-RPC can be made to (the
 * ex:serializable type, and its client's handling of fault causes). A process-wide filter that rejects
 * every class turns any such attempt into an error instead of a gadget chain.
 */
public final class NoDeserialization {

    private NoDeserialization() {}

    public static synchronized void install() {
        if (ObjectInputFilter.Config.getSerialFilter() == null) {
            ObjectInputFilter.Config.setSerialFilter(info -> info.serialClass() == null
                    ? ObjectInputFilter.Status.UNDECIDED
                    : ObjectInputFilter.Status.REJECTED);
        }
    }
}
