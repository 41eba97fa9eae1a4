package org.flowstream.modulehost.runtime;

import java.util.ArrayList;
import java.util.List;

/** The command line of a real PM process for the runtime's tests: this JDK, this class path, {@link PmMain}. */
final class PmProcesses {

    private PmProcesses() {}

    static List<String> command(List<String> pmMainArguments) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                PmMain.class.getName()));
        command.addAll(pmMainArguments);
        return command;
    }
}
