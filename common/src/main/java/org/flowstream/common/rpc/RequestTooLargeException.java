package org.flowstream.common.rpc;

import java.io.IOException;

/** A request body went past the configured limit while it was being read. */
final class RequestTooLargeException extends IOException {

    RequestTooLargeException(long limit) {
        super("request refused: the body is larger than the %d bytes this daemon accepts (server.maxRequestBytes)".formatted(limit));
    }
}
