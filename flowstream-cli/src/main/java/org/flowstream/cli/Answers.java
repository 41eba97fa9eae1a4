package org.flowstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.flowstream.common.rpc.DaemonUnreachableException;
import org.flowstream.common.rpc.ReturnValue;

/** Prints a daemon's answer for a person (or as JSON) and turns it into an exit code. */
final class Answers {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Answers() {}

    interface Call {
        ReturnValue run();
    }

    /** Runs a call; 0 on success, 1 on a failure answer, 3 when the daemon cannot be reached. */
    static int report(Call call, boolean json) {
        ReturnValue answer;
        try {
            answer = call.run();
        } catch (DaemonUnreachableException e) {
            System.err.println("error: " + e.getMessage() + " (is the platform running? try: bin/flowstream up)");
            return 3;
        }
        print(answer, json);
        return answer.isFailure() ? 1 : 0;
    }

    static void print(ReturnValue answer, boolean json) {
        if (json) {
            System.out.println(toJson(answer));
            return;
        }
        if (answer.isFailure()) {
            System.err.println("error: " + answer.message());
            return;
        }
        System.out.println(answer.message());
        if (answer.value() != null) {
            System.out.println(toJson(answer.value()));
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value instanceof ReturnValue r ? r.toStruct() : value);
        } catch (Exception e) {
            return String.valueOf(value);
        }
    }
}
