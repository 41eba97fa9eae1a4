package org.flowstream.cli.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One daemon as supervisord sees it: its state (RUNNING, STARTING, BACKOFF, STOPPED, EXITED, FATAL ...), pid and
 * uptime while it runs, and how often supervisord restarted it after it died (since supervisord started).
 */
record ProgramStatus(String name, String state, long pid, String uptime, int restarts, String detail) {

    private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+([A-Z]+)\\s*(.*)$");
    private static final Pattern RUNNING = Pattern.compile("pid (\\d+), uptime (\\S+)");

    boolean isRunning() {
        return state.equals("RUNNING");
    }

    /**
     * Reads {@code supervisorctl status} lines ("resource  RUNNING   pid 123, uptime 0:01:02") and counts restarts
     * in supervisord's log: each "exited: name (...; not expected)" is a death that autorestart answered (stops
     * asked for by an operator or by down are expected and not counted).
     */
    static List<ProgramStatus> parse(String statusOutput, String supervisordLog) {
        List<ProgramStatus> programs = new ArrayList<>();
        for (String line : statusOutput.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1);
            Matcher running = RUNNING.matcher(m.group(3));
            boolean up = m.group(2).equals("RUNNING") && running.find();
            programs.add(new ProgramStatus(
                    name,
                    m.group(2),
                    up ? Long.parseLong(running.group(1)) : 0,
                    up ? running.group(2) : "",
                    unexpectedExits(supervisordLog, name),
                    up ? "" : m.group(3).strip()));
        }
        return programs;
    }

    private static int unexpectedExits(String log, String name) {
        Matcher m = Pattern.compile("exited: " + Pattern.quote(name) + " \\([^)]*not expected\\)")
                .matcher(log);
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }
}
