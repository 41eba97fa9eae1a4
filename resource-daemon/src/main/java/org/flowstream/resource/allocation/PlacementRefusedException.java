package org.flowstream.resource.allocation;

/** No placement exists for a request on the current platform; the message says why in a person's terms. */
public class PlacementRefusedException extends RuntimeException {

    public PlacementRefusedException(String message) {
        super(message);
    }
}
