package org.flowstream.cli.platform;

import java.io.PrintStream;

/** Tells the person running up/down what is happening and how long each part took. */
final class Progress {

    private final PrintStream out;
    private final long start = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    interface Step<T> {
        T run() throws Exception;
    }

    /** Runs one part, printing "what ... ok (1.2 s)" or "what ... FAILED" before rethrowing. */
    <T> T step(String what, Step<T> step) throws Exception {
        out.printf("[%5.1fs] %s ... ", elapsed(), what);
        out.flush();
        long t0 = System.nanoTime();
        try {
            T result = step.run();
            out.printf("ok (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
            return result;
        } catch (Exception e) {
            out.println("FAILED");
            throw e;
        }
    }

    void note(String text) {
        out.printf("[%5.1fs] %s%n", elapsed(), text);
    }

    double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }
}
