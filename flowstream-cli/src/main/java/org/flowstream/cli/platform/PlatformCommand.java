package org.flowstream.cli.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowstream.common.config.FlowstreamHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** flowstream platform: each daemon of the local platform as supervisord sees it (state, pid, uptime, restarts). */
@Command(
        name = "platform",
        mixinStandardHelpOptions = true,
        description =
                "Show each daemon of the local platform (root): state, pid, uptime and restarts, from supervisord.")
public final class PlatformCommand implements Callable<Integer> {

    @Option(
            names = "--json",
            description =
                    "Print one JSON object: {supervisord: pid, daemons: [{name, state, pid, uptime, restarts, detail}]}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println(
                    "only root may talk to the platform's supervisord (its socket is mode 0700): run it as root");
            return 1;
        }
        PlatformLayout layout = PlatformLayout.standard(FlowstreamHome.path(), 1);
        Supervisor supervisor = new Supervisor(layout);
        List<ProgramStatus> programs;
        if (supervisor.running()) {
            programs = supervisor.status();
        } else {
            Map<String, Long> left = LeftoverDaemons.find(FlowstreamHome.path());
            if (left.isEmpty()) {
                System.err.printf(
                        "the platform is not running (no supervisord answers on %s); start it with bin/flowstream up%n",
                        layout.supervisorDir());
                return 1;
            }
            System.err.printf(
                    "supervisord is not running, but it left %d daemons running that nobody restarts when they die; "
                            + "bin/flowstream up starts supervisord again and hands them to it (traffic keeps flowing)%n",
                    left.size());
            programs = unsupervised(left);
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("supervisord", supervisor.running() ? supervisor.pid().orElse(0L) : 0L);
            out.put("daemons", programs);
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            System.out.printf("%-17s %-9s %8s %10s %8s%n", "daemon", "state", "pid", "uptime", "restarts");
            for (ProgramStatus p : programs) {
                System.out.printf(
                        "%-17s %-9s %8s %10s %8d   %s%n",
                        p.name(),
                        p.state(),
                        p.pid() == 0 ? "-" : p.pid(),
                        p.uptime().isEmpty() ? "-" : p.uptime(),
                        p.restarts(),
                        p.detail());
            }
            System.out.printf(
                    "%nsupervisord %s; Open vSwitch %s; control: supervisorctl -c %s%n",
                    supervisor.running()
                            ? "pid " + supervisor.pid().orElse(0L)
                            : "NOT running (bin/flowstream up starts it again)",
                    OvsProcesses.running(layout.ovsDir()) ? "running" : "NOT running",
                    supervisor.configFile());
        }
        return programs.stream().allMatch(ProgramStatus::isRunning) ? 0 : 3;
    }

    /** Daemons a dead supervisord left, shown as UNSUPERVISED: running, but nobody would restart them. */
    private static List<ProgramStatus> unsupervised(Map<String, Long> left) {
        return left.entrySet().stream()
                .map(d -> new ProgramStatus(d.getKey(), "UNSUPERVISED", d.getValue(), "", 0, "supervisord is gone"))
                .toList();
    }
}
