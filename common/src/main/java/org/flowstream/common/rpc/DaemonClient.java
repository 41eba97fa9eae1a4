package org.flowstream.common.rpc;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.Arrays;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.xml.HardenedXml;
import org.flowstream.common.xml.NoDeserialization;

/**
 * Calls a Flowstream daemon over XML-RPC (Apache's client), as daemons call each other and as the command
 * line calls them. Answers are ReturnValues; a transport problem or an XML-RPC fault becomes a
 * {@link DaemonUnreachableException} or a failure ReturnValue that names the daemon.
 */
public final class DaemonClient {

    private final XmlRpcClient client;
    private final URI url;

    public DaemonClient(URI url, String user, String password, int timeoutMillis) {
        NoDeserialization.install();
        HardenedXml.installForApacheXmlRpc();
        this.url = url;
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        try {
            config.setServerURL(url.toURL());
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a daemon URL: " + url, e);
        }
        if (user != null && !user.isEmpty()) {
            config.setBasicUserName(user);
            config.setBasicPassword(password);
        }
        config.setEnabledForExtensions(false);
        config.setEnabledForExceptions(false);
        config.setConnectionTimeout(timeoutMillis);
        config.setReplyTimeout(timeoutMillis);
        this.client = new XmlRpcClient();
        client.setConfig(config);
    }

    public static DaemonClient of(DaemonConfig.Peer peer) {
        return new DaemonClient(URI.create(peer.url), peer.user, peer.password, peer.timeoutMillis);
    }

    public URI url() {
        return url;
    }

    /** Calls a method that answers with a ReturnValue. */
    public ReturnValue call(String method, Object... params) {
        Object answer = invoke(method, params);
        try {
            return ReturnValue.fromStruct(answer);
        } catch (IllegalArgumentException e) {
            return ReturnValue.failure(
                    "%s at %s answered %s with something that is not a ReturnValue".formatted(method, url, answer));
        }
    }

    /** Calls any method and returns its raw answer (system.listMethods answers a plain array). */
    public Object invoke(String method, Object... params) {
        Object[] wire = Arrays.stream(params).map(XmlRpcValues::toWire).toArray();
        try {
            return client.execute(method, wire);
        } catch (XmlRpcException e) {
            if (e.code == 0 && e.getCause() != null) {
                throw new DaemonUnreachableException("cannot reach %s: %s".formatted(url, rootMessage(e)), e);
            }
            return ReturnValue.failure("%s at %s refused the call: %s".formatted(method, url, e.getMessage()))
                    .toStruct();
        }
    }

    /** Why the connection failed, in words: the innermost cause, without its Java class name. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        return switch (root) {
            case java.net.ConnectException c -> "connection refused";
            case java.net.SocketTimeoutException t -> "no answer in time";
            case java.net.UnknownHostException u -> "unknown host " + message;
            case javax.net.ssl.SSLException s -> "TLS failed: " + message;
            default -> message.isBlank() ? "the connection failed" : message;
        };
    }
}
