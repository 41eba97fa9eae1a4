package org.flowstream.common.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result every Flowstream API method returns (§2.1.3): a status code, a message a person can act on,
 * and a method-specific value that is omitted when the method has nothing to return.
 */
public record ReturnValue(int code, String message, Object value) {

    public static final int CODE_NOT_READY = -1;
    public static final int CODE_SUCCESS = 0;
    public static final int CODE_FAILURE = 1;

    public ReturnValue {
        message = message == null ? "" : message;
    }

    public static ReturnValue success() {
        return new ReturnValue(CODE_SUCCESS, "ok", null);
    }

    public static ReturnValue success(Object value) {
        return new ReturnValue(CODE_SUCCESS, "ok", value);
    }

    public static ReturnValue success(String message, Object value) {
        return new ReturnValue(CODE_SUCCESS, message, value);
    }

    public static ReturnValue notReady(String message, Object value) {
        return new ReturnValue(CODE_NOT_READY, message, value);
    }

    public static ReturnValue failure(String message) {
        return new ReturnValue(CODE_FAILURE, message, null);
    }

    public static ReturnValue failure(String message, Object value) {
        return new ReturnValue(CODE_FAILURE, message, value);
    }

    public boolean isSuccess() {
        return code == CODE_SUCCESS;
    }

    public boolean isFailure() {
        return code == CODE_FAILURE;
    }

    public boolean isNotReady() {
        return code == CODE_NOT_READY;
    }

    /** The XML-RPC struct: {code, message, value}; value is left out when void. */
    public Map<String, Object> toStruct() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("code", code);
        struct.put("message", message);
        if (value != null) {
            struct.put("value", XmlRpcValues.toWire(value));
        }
        return struct;
    }

    /** Reads the struct a Flowstream daemon answered with. */
    public static ReturnValue fromStruct(Object answer) {
        if (!(answer instanceof Map<?, ?> struct) || !(struct.get("code") instanceof Integer code)) {
            throw new IllegalArgumentException("not a Flowstream ReturnValue: " + answer);
        }
        Object message = struct.get("message");
        return new ReturnValue(code, message == null ? "" : message.toString(), struct.get("value"));
    }
}
