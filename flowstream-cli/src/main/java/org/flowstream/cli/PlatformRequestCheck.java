package org.flowstream.cli;

import java.util.Arrays;
import java.util.List;
import org.flowstream.common.rpc.DaemonUnreachableException;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.lang.cli.PlatformCheck;
import org.flowstream.resource.allocation.RequestChecker;

/**
 * {@code lang check --platform} / {@code --url}: asks the resource daemon's check_allocation, which runs the
 * very checks install_allocation runs, and prints its problems under the file's own name.
 */
public final class PlatformRequestCheck implements PlatformCheck {

    @Override
    public List<String> check(String url, String fileName, String text) {
        ResourceDaemonLogin connection = new ResourceDaemonLogin();
        if (url != null) {
            connection.url = url;
        }
        ReturnValue answer;
        try {
            answer = connection.client().call("check_allocation", text);
        } catch (DaemonUnreachableException e) {
            throw new IllegalStateException(e.getMessage());
        }
        return answer.isSuccess() ? List.of() : problems(answer.message(), fileName);
    }

    /** The daemon names the request "allocation"; each diagnostic is given the file's name instead. */
    static List<String> problems(String message, String fileName) {
        if (!message.startsWith(RequestChecker.NOT_VALID + "\n")) {
            return List.of(fileName + ": error: " + message);
        }
        String diagnostics = message.substring(RequestChecker.NOT_VALID.length() + 1);
        String daemonName = RequestChecker.FILE_NAME + ":";
        return Arrays.stream(diagnostics.split("\n"))
                .map(line -> line.startsWith(daemonName)
                        ? fileName + ":" + line.substring(daemonName.length())
                        : fileName + ": error: " + line)
                .toList();
    }
}
