package org.flowstream.monitoring.sources;

import java.net.URI;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.DaemonUnreachableException;
import org.flowstream.common.rpc.ReturnValue;

/** One other daemon, called with a bounded timeout; every call is reported to the observer. */
public final class PeerClient {

    private final String daemon;
    private final DaemonClient client;
    private final CallObserver observer;

    public PeerClient(String daemon, URI url, String user, String password, int timeoutMillis, CallObserver observer) {
        this.daemon = daemon;
        this.client = new DaemonClient(url, user, password, timeoutMillis);
        this.observer = observer;
    }

    public URI url() {
        return client.url();
    }

    /** The daemon's answer; throws DaemonUnreachableException when it could not be reached in time. */
    public ReturnValue call(String method, Object... params) {
        long start = System.nanoTime();
        String outcome = "unreachable";
        try {
            ReturnValue answer = client.call(method, params);
            outcome = answer.isSuccess() ? "success" : answer.isNotReady() ? "not_ready" : "failure";
            return answer;
        } finally {
            observer.observe(daemon, method, outcome, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Like {@link #call} but a failure answer becomes an exception too, with the daemon's message. */
    public Object value(String method, Object... params) {
        ReturnValue answer = call(method, params);
        if (answer.isFailure()) {
            throw new SourceException("%s at %s answered: %s".formatted(method, url(), answer.message()));
        }
        return answer.value();
    }

    /** Thrown for answers that are failures; unreachable daemons throw {@link DaemonUnreachableException}. */
    public static final class SourceException extends RuntimeException {
        public SourceException(String message) {
            super(message);
        }
    }
}
