package org.flowstream.common.rpc;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.XmlRpcRequestConfig;
import org.apache.xmlrpc.common.ServerStreamConnection;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.xmlrpc.server.XmlRpcHttpServer;
import org.apache.xmlrpc.server.XmlRpcServerConfigImpl;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.xml.HardenedXml;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Apache XML-RPC's stream server with its request parsing replaced: the XML reader refuses DTDs (so no
 * external entities and no entity expansion), extensions are off (so no ex:serializable), and a broken
 * request gets a fault that says what was wrong instead of a parser's stack trace.
 */
final class HardenedXmlRpcServer extends XmlRpcHttpServer {

    HardenedXmlRpcServer(RpcMethods methods) {
        XmlRpcServerConfigImpl config = new XmlRpcServerConfigImpl();
        config.setEnabledForExtensions(false);
        config.setEnabledForExceptions(false);
        config.setContentLengthOptional(false);
        setConfig(config);
        setHandlerMapping(name -> request -> {
            Caller caller = ((CallerRequestConfig) request.getConfig()).caller();
            List<Object> params = new ArrayList<>(request.getParameterCount());
            for (int i = 0; i < request.getParameterCount(); i++) {
                params.add(normalize(request.getParameter(i)));
            }
            return methods.call(request.getMethodName(), params, caller);
        });
    }

    /** Arrays become lists and structs get string keys, the forms commands expect. */
    private static Object normalize(Object value) {
        if (value instanceof Object[] array) {
            return new ArrayList<>(
                    Arrays.stream(array).map(HardenedXmlRpcServer::normalize).toList());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> struct = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> struct.put(String.valueOf(k), normalize(v)));
            return struct;
        }
        return value;
    }

    @Override
    protected XmlRpcRequest getRequest(XmlRpcStreamRequestConfig config, InputStream stream) throws XmlRpcException {
        XmlRpcRequestParser parser = new XmlRpcRequestParser(config, getTypeFactory());
        var reader = HardenedXml.reader();
        reader.setContentHandler(parser);
        try {
            reader.parse(new InputSource(stream));
        } catch (SAXParseException e) {
            throw new XmlRpcException(400, describe(e), null);
        } catch (SAXException e) {
            Exception cause = e.getException();
            throw new XmlRpcException(
                    400,
                    "request refused: "
                            + (cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage()),
                    null);
        } catch (IOException e) {
            throw new XmlRpcException(400, "request refused: cannot read the request body: " + e.getMessage(), null);
        }
        String method = parser.getMethodName();
        List<?> params = parser.getParams() == null ? List.of() : parser.getParams();
        return new Request(config, method, params);
    }

    private static String describe(SAXParseException e) {
        String message = e.getMessage() == null ? "malformed XML" : e.getMessage();
        if (message.contains("DOCTYPE")) {
            return "request refused: XML-RPC requests may not contain a DOCTYPE (no DTDs, no entities)";
        }
        return "request refused: malformed XML-RPC at line %d, column %d: %s"
                .formatted(e.getLineNumber(), e.getColumnNumber(), message);
    }

    @Override
    protected boolean isContentLengthRequired(XmlRpcStreamRequestConfig config) {
        return false; // the answer is buffered whole (BufferedExchange) and sent with its length
    }

    @Override
    protected void setResponseHeader(ServerStreamConnection connection, String header, String value) {
        ((BufferedExchange) connection).headers.set(header, value);
    }

    @Override
    protected void logError(Throwable t) {
        // The caller gets the fault; logging every bad request at error level would let anyone flood the log.
    }

    private record Request(XmlRpcRequestConfig config, String method, List<?> params) implements XmlRpcRequest {
        @Override
        public XmlRpcRequestConfig getConfig() {
            return config;
        }

        @Override
        public String getMethodName() {
            return method;
        }

        @Override
        public int getParameterCount() {
            return params.size();
        }

        @Override
        public Object getParameter(int index) {
            return params.get(index);
        }
    }

    /** One HTTP request, already read whole, seen as Apache's stream connection; the answer is buffered. */
    static final class BufferedExchange implements ServerStreamConnection {
        private final InputStream body;
        private final ByteArrayOutputStream answer = new ByteArrayOutputStream();
        private final HttpHeaders headers = new DefaultHttpHeaders();

        BufferedExchange(InputStream body) {
            this.body = body;
        }

        @Override
        public InputStream newInputStream() {
            return body;
        }

        @Override
        public OutputStream newOutputStream() {
            return answer;
        }

        byte[] responseBody() {
            return answer.toByteArray();
        }

        HttpHeaders responseHeaders() {
            return headers;
        }

        @Override
        public void close() {
            // nothing to release: both sides are in memory
        }
    }
}
