package org.flowstream.common.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flowstream.common.auth.AccessPolicy;
import org.flowstream.common.auth.Accounts;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.hotpatch.SourceCompiler;
import org.flowstream.common.hotpatch.TaskOverlay;
import org.flowstream.common.hotpatch.TaskRegistry;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.rpc.RpcMethods;
import org.flowstream.common.rpc.RpcServer;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Priority;
import org.flowstream.common.task.TaskScheduler;
import org.flowstream.common.xml.HardenedXml;
import org.flowstream.common.xml.NoDeserialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common daemon (§3.1.1): a stand-alone process serving XML-RPC, whose functionality lives in tasks
 * and commands found by name in the task directories. A concrete daemon adds the state and helpers its
 * tasks share (the resource daemon's allocations, the openflow daemon's switch connections) and starts
 * and stops them in {@link #onStart()} and {@link #onStop()}.
 */
public abstract class Daemon implements RpcMethods {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final String name;
    private final DaemonConfig config;
    private final TaskRegistry tasks;
    private final MethodDispatcher dispatcher;
    private final Accounts configuredAccounts;
    private TaskScheduler scheduler;
    private RpcServer server;
    private volatile boolean running;

    protected Daemon(String name, DaemonConfig config) {
        this.name = name;
        this.config = config;
        this.tasks = new TaskRegistry(
                Path.of(config.tasksDir),
                new TaskOverlay(Path.of(config.stateDir).resolve("task-overlay")),
                name,
                new SourceCompiler(),
                getClass().getClassLoader());
        this.dispatcher = new MethodDispatcher(this);
        this.configuredAccounts = Accounts.of(config.users);
        config.users.stream()
                .filter(UserAccount::hasClearPassword)
                .forEach(account -> LOG.warn(
                        "{}: account {} has a clear password in the configuration: for development only; write passwordHash instead",
                        name,
                        account.name()));
    }

    public final synchronized void start() throws Exception {
        if (running) {
            return;
        }
        NoDeserialization.install();
        HardenedXml.installForApacheXmlRpc();
        Files.createDirectories(stateDir());
        tasks.overlay().cleanUp();
        if (!Files.isDirectory(tasks.root())) {
            throw new IllegalStateException(
                    "task directory %s does not exist; set tasksDir in the configuration".formatted(tasks.root()));
        }
        scheduler = new TaskScheduler(
                name, config.scheduler.workers, config.scheduler.queueCapacity, config.scheduler.keepResults);
        tasks.preload();
        onStart();
        server = new RpcServer(name, config, this);
        server.start();
        running = true;
        LOG.info("{} daemon serving XML-RPC at {} (tasks from {})", name, url(), tasks.directories());
    }

    public final synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        LOG.info("{} daemon stopping", name);
        server.close();
        scheduler.shutdown(Duration.ofSeconds(10));
        try {
            onStop();
        } catch (RuntimeException e) {
            LOG.warn("{}: error while stopping", name, e);
        }
    }

    /** Starts what the concrete daemon needs before it takes calls. */
    protected void onStart() throws Exception {}

    /** Releases what {@link #onStart()} took; called after the server stopped taking calls. */
    protected void onStop() {}

    public String name() {
        return name;
    }

    public DaemonConfig config() {
        return config;
    }

    public TaskRegistry tasks() {
        return tasks;
    }

    public TaskScheduler scheduler() {
        return scheduler;
    }

    /**
     * Who may call this daemon. Internal by default: tenants are refused whatever a task declares; the daemons
     * at the front door (resource, and monitoring for its owner-checked flow statistics) override this.
     */
    public AccessPolicy accessPolicy() {
        return AccessPolicy.internal(name);
    }

    /** The accounts allowed to call: those of the configuration file; the resource daemon adds its stored tenants. */
    public Accounts accounts() {
        return configuredAccounts;
    }

    public boolean isRunning() {
        return running;
    }

    public Path stateDir() {
        return Path.of(config.stateDir);
    }

    public java.net.URI url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    // ---- the calls, as the XML-RPC server and in-process callers make them ----

    @Override
    public Object call(String method, List<Object> params, Caller caller) {
        return dispatcher.call(method, params, caller);
    }

    @Override
    public List<String> methodNames() {
        List<String> names = new ArrayList<>(MethodDispatcher.BUILT_IN);
        names.addAll(tasks.names());
        return names;
    }

    public ReturnValue runCommand(String commandName, Object param, Caller caller) {
        return dispatcher.runCommand(commandName, param, caller);
    }

    public ReturnValue runTask(String taskName, Object param, Priority priority, Caller caller) {
        return dispatcher.runTask(taskName, param, priority, caller);
    }

    public ReturnValue taskResult(int taskId, Caller caller) {
        return scheduler.result(taskId, caller);
    }

    /** The context for work the daemon starts by itself (recovery, timers): the caller is the daemon. */
    public CallContext systemContext() {
        return new DaemonCallContext(this, Caller.DAEMON);
    }

    /** Blocks until the daemon is stopped (by {@link #stop()} or SIGTERM). */
    public void awaitStop() throws InterruptedException {
        while (running) {
            Thread.sleep(200);
        }
    }

    /** Runs the daemon as a process: starts it, stops it cleanly on SIGTERM, returns when stopped. */
    public void runUntilTerminated() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, name + "-shutdown"));
        start();
        awaitStop();
    }
}
