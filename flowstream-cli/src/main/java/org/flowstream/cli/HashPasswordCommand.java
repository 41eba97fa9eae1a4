package org.flowstream.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.flowstream.common.auth.PasswordHash;
import picocli.CommandLine.Command;

/** flowstream hash-password: the passwordHash of a password read from standard input, for a daemon's users list. */
@Command(
        name = "hash-password",
        mixinStandardHelpOptions = true,
        description =
                "Print the PBKDF2 hash of the password on standard input (one line), for passwordHash in a daemon's users.")
final class HashPasswordCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isEmpty()) {
            System.err.println(
                    "error: give the password on standard input, e.g. read -rs P && printf '%s\\n' \"$P\" | bin/flowstream hash-password");
            return 1;
        }
        System.out.println(PasswordHash.of(password).encoded());
        return 0;
    }
}
